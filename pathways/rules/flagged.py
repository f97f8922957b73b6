"""What the advice flags beside the pathways, never as an eligibility:

- ``flagged_options``: FDA options that rest on no statute (the Rare Disease Evidence Principles, the
  plausible-mechanism draft guidance, the Commissioner's National Priority Voucher pilot), each with
  its conditions and whether the product may fit them; dated by parameters.
- ``proposed_law``: law that is only proposed (the EU pharmaceutical package's orphan exclusivity and
  data protection), never applied, with the text that exists on the date and when it was checked.
- ``national_route``: for a hospital-exemption goal, the Member State's route from the register's
  ``national_routes`` (authority, application, duties, timeline) instead of an industrial roadmap.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.engine import Classification
from classification.rules.hospital_exemption import HE_RULES, NATIONAL_SCHEMES, OTHER_ROUTES
from classification.rules.parameters import param
from classification.rules.ruleset import LAST_CHECKED

from .eligibility import MET, NOT_MET, UNKNOWN, Profile, _us_no_ind, day, edge
from .goals import EU_MA, HOSPITAL_EXEMPTION, Goals
from .labels import unmet_conditions
from .obligations import OBLIGATIONS

RDEP = "pathways.us_rdep_available"
PLAUSIBLE_MECHANISM = "pathways.us_plausible_mechanism_draft"
CNPV = "pathways.us_cnpv_pilot"
PHARMA_PACKAGE = "eu.pharma_package_stage"
PIVOTAL = {"phase_3", "marketing_application", "authorised"}


def _fit(statuses: list[str]) -> str:
    if NOT_MET in statuses:
        return "does_not_fit"
    return "may_fit" if all(s == MET for s in statuses) else "open"


def _flag(
    rule_id: str, name: str, basis: str, fit: str, conditions: list[str], reasons: list[str], since: date
) -> dict[str, Any]:
    rule = OBLIGATIONS[rule_id]
    return {
        "id": rule.id,
        "jurisdiction": "US",
        "name": name,
        "basis": basis,
        "fit": fit,
        "conditions": conditions,
        "reasons": [f"Available since {day(since)}; not a statutory designation.", *reasons],
        "citation": rule.citation.to_dict(),
        "confidence": rule.confidence,
        "checked_on": LAST_CHECKED.isoformat(),
    }


def _severe(p: Profile) -> str:
    severity = p.value("condition_severity")
    if severity in {"life_threatening", "seriously_debilitating"}:
        return MET
    return UNKNOWN if severity is None else NOT_MET


def _rdep(p: Profile) -> dict[str, Any] | None:
    if not param(RDEP, p.as_of):
        return None
    patients = p.value("us_patients")
    stage = p.stage()
    statuses = [
        UNKNOWN if patients is None else MET if patients < 1000 else NOT_MET,
        _severe(p),
        MET
        if p.value("satisfactory_treatment_exists") is False
        else UNKNOWN
        if p.value("satisfactory_treatment_exists") is None
        else NOT_MET,
        UNKNOWN if stage is None else NOT_MET if stage in PIVOTAL else MET,
        UNKNOWN,  # a known inborn genetic defect that drives the disease: not asked
    ]
    return _flag(
        "US-FLAG-RDEP",
        "Rare Disease Evidence Principles (RDEP)",
        "FDA process (CDER and CBER), announced on a web page; not a statute or a designation",
        _fit(statuses),
        [
            "Fewer than about 1,000 patients in the US",
            "A rapidly progressing, severely debilitating or life-threatening disease with no adequate alternative",
            "A known inborn genetic defect drives the disease, and the product corrects it or replaces the missing protein",
            "Requested before the pivotal trial starts",
        ],
        [
            "Substantial evidence of effectiveness may then rest on one adequate and well-controlled study plus confirmatory evidence."
        ],
        edge(RDEP, False, True),
    )


def _plausible_mechanism(p: Profile) -> dict[str, Any] | None:
    if not param(PLAUSIBLE_MECHANISM, p.as_of):
        return None
    editing = p.value("genome_editing")
    nucleic = p.value("nucleic_acid")
    individualised = MET if editing is True or nucleic == "chemically_synthesised" else UNKNOWN
    if (
        editing is False
        and nucleic in {"none", "recombinant"}
        and p.value("contains_cells_or_tissues") is True
    ):
        individualised = NOT_MET
    statuses = [individualised, _severe(p), UNKNOWN]
    return _flag(
        "US-FLAG-PM",
        "Plausible mechanism framework for individualised therapies",
        "FDA draft guidance (not for implementation until final)",
        _fit(statuses),
        [
            "An individualised genome-editing or antisense/RNA-targeted therapy (others may qualify)",
            "A severely debilitating or life-threatening genetic condition with a known biological cause",
            "Well-characterised natural history, and confirmation that the target is edited or engaged",
        ],
        [],
        edge(PLAUSIBLE_MECHANISM, False, True),
    )


def _cnpv(p: Profile) -> dict[str, Any] | None:
    if not param(CNPV, p.as_of) or _us_no_ind(p):
        return None
    return _flag(
        "US-FLAG-CNPV",
        "Commissioner's National Priority Voucher (pilot)",
        "FDA pilot programme at the Commissioner's discretion; not the statutory priority review vouchers",
        "open",
        [
            "The product meets a national priority FDA names (a health crisis, innovative cures, unmet public-health "
            "needs, domestic manufacturing, affordability)",
            "FDA selects the product; the voucher is not transferable and must be used within two years",
        ],
        ["A decision is aimed at 1-2 months after a complete application; FDA may extend it."],
        edge(CNPV, False, True),
    )


def flagged_options(result: Classification, goals: Goals) -> list[dict[str, Any]]:
    p = Profile(result)
    if result.us.status in {"361_hctp", "exempt_1271_15", "other_framework"}:
        return []
    options = [o for o in (_rdep(p), _plausible_mechanism(p), _cnpv(p)) if o]
    for option in options:
        option["serves_goals"] = goals.serves_jurisdiction("US")
    return options


def proposed_law(result: Classification, goals: Goals) -> list[dict[str, Any]]:
    """The EU pharmaceutical package's orphan and data-protection reform: proposed, never applied."""
    stage = param(PHARMA_PACKAGE, result.as_of)
    if stage == "none" or result.eu.not_atmp_route == "not_a_medicinal_product":
        return []
    proposed = day(edge(PHARMA_PACKAGE, "none", "proposed"))
    status = {
        "proposed": f"the Commission's proposal of {proposed}",
        "parliament_position": f"the Commission's proposal of {proposed} and the Parliament's first-reading position",
        "politically_agreed": "a provisional political agreement whose final wording is not verified here",
        "compromise_text": "a compromise text published in March 2026 whose final wording is not verified here",
    }[stage]
    checked = LAST_CHECKED.isoformat()
    texts = {
        "EU-PROP-ORPHAN": (
            "Orphan market exclusivity would become shorter and depend on the kind of orphan product instead of "
            f"10 years for every orphan. Proposed, not law: the text on this date is {status}. Today's 10 years "
            "(Reg (EC) No 141/2000 Art 8) still apply."
        ),
        "EU-PROP-RDP": (
            "Regulatory data protection would become a baseline of 8 years plus extensions, capped in the reported "
            f"compromise at 11 years in total. Proposed, not law: the text on this date is {status}. Today's 8 + 2 "
            "(+1) years (Directive 2001/83/EC Art 10, Reg (EC) No 726/2004 Art 14(11)) still apply."
        ),
    }
    items = []
    for rule_id, text in texts.items():
        rule = OBLIGATIONS[rule_id]
        items.append(
            {
                "id": rule.id,
                "jurisdiction": "EU",
                "title": rule.title,
                "text": text,
                "citation": rule.citation.to_dict(),
                "confidence": rule.confidence,
                "checked_on": checked,
                "serves_goals": goals.serves(EU_MA),
            }
        )
    return items


def national_route(result: Classification, goals: Goals) -> dict[str, Any] | None:
    """The hospital exemption's national route, for a goal that includes it; None otherwise."""
    if not goals.serves(HOSPITAL_EXEMPTION):
        return None
    he = result.hospital_exemption
    route = he.national_route
    country = route.country if route else "unknown"
    scheme = NATIONAL_SCHEMES.get(country)
    authority = route.authority if route else "the national competent authority of the Member State"
    legal_basis = (
        route.legal_basis if route else "the national law implementing Art 3(7) of Directive 2001/83/EC"
    )
    details = route.details if route else ""
    application = f"Apply to {authority} under {legal_basis}. {details}".strip()
    duties = [
        "Keep traceability and report adverse reactions to the authority: national traceability and "
        "pharmacovigilance requirements and quality standards equivalent to those for centrally authorised "
        "ATMPs apply (Art 3(7), second subparagraph).",
        *(scheme.notes if scheme else ()),
    ]
    timeline = (
        f"No EU-wide timeline: {authority} sets its own, and supply may start only after its authorisation."
    )
    if he.status == "not_applicable":
        conditions = (
            "The hospital exemption does not apply: it covers advanced therapy medicinal products only."
        )
    elif he.status == "not_eligible":
        conditions = "Conditions of the hospital exemption that are not met: " + " ".join(
            f"{c.text.rstrip('.')} ({c.rule})." for c in unmet_conditions(he)
        )
    elif he.status == "undetermined":
        conditions = "Some conditions are still open; answer them to see whether the route is available."
    else:
        conditions = "Every condition of Art 3(7) is met on the answers given; the authority decides."
    steps = [
        {"label": "Check the conditions", "text": conditions, "rule": "EU-HE-1"},
        {
            "label": "Apply to the national authority",
            "text": application,
            "rule": (scheme.rule.id if scheme else "EU-HE-4"),
        },
        {
            "label": "Prepare and use",
            "text": "Prepare the product on a non-routine basis to specific quality standards, and use it in a "
            "hospital of the same Member State under a physician's exclusive responsibility, for an individual "
            "patient's prescription.",
            "rule": "EU-HE-3",
        },
        {"label": "Report and trace", "text": duties[0], "rule": "EU-HE-3"},
    ]
    if he.status in {"not_eligible", "not_applicable"}:
        steps.append({"label": "Otherwise", "text": OTHER_ROUTES, "rule": "EU-HE-5"})
    citation = (scheme.rule if scheme else HE_RULES["EU-HE-1"]).citation.to_dict()
    return {
        "country": country,
        "authority": authority,
        "application": application,
        "reporting_duties": duties,
        "timeline": timeline,
        "status": he.status,
        "steps": steps,
        "citation": citation,
        "needs": list(he.decisive),
    }
