from classification.rules.ruleset import LAST_CHECKED, RULESET_VERSION


def site(request):
    """The ruleset version and the advisory sentence shown in every page's footer."""
    return {
        "RULESET_VERSION": RULESET_VERSION,
        "RULESET_LAST_CHECKED": LAST_CHECKED,
        "ADVISORY_SENTENCE": (
            "Results are advisory and are not a regulatory decision: only the CAT (Art 17 of "
            "Regulation (EC) No 1394/2007), the national competent authority or the FDA can give a "
            "binding answer."
        ),
    }
