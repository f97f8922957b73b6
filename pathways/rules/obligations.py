"""Obligations and procedures a sponsor must plan for (not designations): each with its citation
and the condition under which it applies.

The EU trial rules of the day come from the parameter ``pathways.eu_clinical_trials_regime``; an
item that names a classification rule (EU-CLS-11, US-CP-4, US-JUR-1) carries that rule's register
citation, and its sentence is the official procedure's (``procedures.yaml``), written once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.core import Citation
from classification.rules.engine import Classification
from classification.rules.eu import EU_RULES
from classification.rules.parameters import param
from classification.rules.procedures import procedure
from classification.rules.us import US_RULES

from .eligibility import day, day_before, edge


def _item(id_: str, title: str, text: str, instrument: str, provision: str, url: str) -> dict[str, Any]:
    return {
        "id": id_,
        "title": title,
        "text": text,
        "citation": {"instrument": instrument, "provision": provision, "url": url},
    }


def _rule_item(rule_id: str, title: str, text: str, citation: Citation) -> dict[str, Any]:
    """An item named by a rule id: it carries that rule's one register citation."""
    return {"id": rule_id, "title": title, "text": text, "citation": citation.to_dict()}


# Regulation (EU) No 536/2014 replaced Directive 2001/20/EC for new trials (parameter
# pathways.eu_clinical_trials_regime: directive, regulation_or_directive, regulation).
CTR_REGIME = "pathways.eu_clinical_trials_regime"


def _clinical_trials(as_of: date) -> dict[str, Any]:
    """EU-PWY-10: clinical trials of ATMPs, under the rules in force on ``as_of``."""
    regime = param(CTR_REGIME, as_of)
    applies_from = edge(CTR_REGIME, "directive", "regulation_or_directive")
    if regime == "directive":
        return _item(
            "EU-PWY-10",
            "Clinical trial authorisation in the EU",
            f"Before {day(applies_from)} trials were authorised nationally under Directive 2001/20/EC; for ATMPs "
            "and GMOs national timelines were 90 days, plus 90 days with expert consultation.",
            "Directive 2001/20/EC",
            "Art 9",
            "https://eur-lex.europa.eu/eli/dir/2001/20/oj",
        )
    text = (
        "Trials need authorisation under the Clinical Trials Regulation: the reporting Member State reports its "
        "assessment (Part I) within 45 days of validation, and for an advanced therapy may "
        "extend that by 50 days to consult experts (also for substantial modifications). Follow the "
        "Commission's GCP guidelines for ATMPs and GMP for investigational ATMPs (EudraLex Vol 4 Part IV)."
    )
    provision = "Art 6(4), Art 6(7) and Art 18(5); Reg 1394/2007 Art 4"
    if regime == "regulation_or_directive":
        last_day = day(day_before(edge(CTR_REGIME, "regulation_or_directive", "regulation")))
        text += (
            f" Until {last_day} a sponsor may still apply under Directive 2001/20/EC instead (transition, "
            "Art 98(2) of the Regulation)."
        )
        provision += "; Art 98(2) (transition)"
    return _item(
        "EU-PWY-10",
        "Clinical trial authorisation in the EU",
        text,
        "Regulation (EU) No 536/2014",
        provision,
        "http://data.europa.eu/eli/reg/2014/536/oj",
    )


def obligations(result: Classification) -> list[dict[str, Any]]:
    eu, us, a = result.eu, result.us, result.answers
    items: list[dict[str, Any]] = []
    if eu.is_atmp:
        items.append(
            _item(
                "EU-PWY-1",
                "Centralised marketing authorisation",
                "Every ATMP needs a centralised MA: the CAT drafts the opinion, the CHMP adopts it and the "
                "Commission decides (210 days plus clock stops; decision about 67 days later).",
                "Regulation (EC) No 726/2004",
                "Art 3(1) and Annex point 1a; Reg 1394/2007 Art 8",
                "http://data.europa.eu/eli/reg/2004/726/oj",
            )
        )
    if eu.borderline or eu.category == "undetermined":
        items.append(
            _rule_item(
                "EU-CLS-11",
                "CAT classification request",
                procedure("EU-PROC-CAT-CLASSIFICATION").next_step,
                EU_RULES["EU-CLS-11"].citation,
            )
        )
    if eu.not_atmp_route != "not_a_medicinal_product":
        items.append(
            _item(
                "EU-PWY-12",
                "Scientific advice",
                "EMA scientific advice or protocol assistance; the CAT takes part for ATMPs (fee reductions "
                "for ATMPs, SMEs and orphans).",
                "Regulation (EC) No 726/2004",
                "Art 57(1)(n)",
                "http://data.europa.eu/eli/reg/2004/726/oj",
            )
        )
        items.append(
            _item(
                "EU-PWY-8",
                "Paediatric investigation plan",
                "A new medicine's MAA needs an agreed PIP, a waiver or a deferral; plan it by the end of "
                "adult pharmacokinetic studies."
                + (" The product is meant for children too." if a.is_true("paediatric_indication") else ""),
                "Regulation (EC) No 1901/2006",
                "Art 7 and Art 16",
                "https://eur-lex.europa.eu/eli/reg/2006/1901/oj",
            )
        )
    if eu.is_atmp and a.value("development_stage") not in {"marketing_application", "authorised"}:
        items.append(_clinical_trials(result.as_of))
    if eu.category == "GTMP":
        items.append(
            _item(
                "EU-PWY-9",
                "GMO requirements for clinical trials",
                "Gene-therapy trials need national GMO authorisations (contained use or deliberate release) "
                "in each Member State, alongside the clinical trial application.",
                "Directives 2001/18/EC and 2009/41/EC",
                "Part B / contained use; national law",
                "https://eur-lex.europa.eu/eli/dir/2001/18/oj",
            )
        )
    if us.status in {"351_biologic", "drug", "device"} or us.combination_product:
        items.append(
            _item(
                "US-351-1",
                "IND before clinical studies in the US",
                "Clinical studies need an IND (21 CFR Part 312); marketing needs a BLA (or NDA/PMA).",
                "21 CFR Part 312",
                "312.20",
                "https://www.ecfr.gov/current/title-21/chapter-I/subchapter-D/part-312",
            )
        )
    if (
        us.lead_center in {None, "CBER"}
        and us.status in {"351_biologic", "undetermined"}
        and a.value("development_stage") in {None, "research", "nonclinical"}
    ):
        items.append(
            _item(
                "US-INT-INTERACT",
                "INTERACT meeting with CBER",
                "An informal early meeting before the pre-IND meeting, once a product candidate and some "
                "proof-of-concept data exist but before definitive toxicology.",
                "CBER SOPP 8214",
                "INTERACT meetings",
                "https://www.fda.gov/vaccines-blood-biologics/industry-biologics/"
                "interact-meetings-initial-targeted-engagement-regulatory-advice-cber-products",
            )
        )
    if us.combination_product and us.lead_center is None:
        items.append(
            _rule_item(
                "US-CP-4",
                "Pre-RFD or Request for Designation",
                f"{procedure('US-PROC-PRE-RFD').next_step} {procedure('US-PROC-RFD').next_step}",
                US_RULES["US-CP-4"].citation,
            )
        )
    if us.status == "undetermined":
        items.append(
            _rule_item(
                "US-JUR-1",
                "Tissue Reference Group request",
                procedure("US-PROC-TRG").next_step,
                US_RULES["US-JUR-1"].citation,
            )
        )
    return items
