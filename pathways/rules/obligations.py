"""Obligations and procedures a sponsor must plan for (not designations): each with the condition
under which it applies, and its one register entry.

Every item's id, title and citation come from a register, never from here: the obligations'
own entries are ``registers/obligations.yaml`` (``OBLIGATIONS``); an item that names a
classification rule (EU-CLS-11, US-CP-3, US-CP-4, US-JUR-1) carries that rule's entry of the
EU or US register, and its sentence is the official procedure's (``procedures.yaml``), written
once. The EU trial rules of the day come from the parameter ``pathways.eu_clinical_trials_regime``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.core import Rule, load_register
from classification.rules.engine import Classification
from classification.rules.eu import EU_RULES
from classification.rules.parameters import param
from classification.rules.procedures import procedure
from classification.rules.us import US_RULES

from .eligibility import day, day_before, edge

OBLIGATIONS = load_register("obligations")

CENTRALISED_MA = OBLIGATIONS["EU-PWY-1"]
PAEDIATRIC_PLAN = OBLIGATIONS["EU-PWY-8"]
GMO_TRIALS = OBLIGATIONS["EU-PWY-9"]
TRIALS = OBLIGATIONS["EU-PWY-10"]
TRIALS_TRANSITION = OBLIGATIONS["EU-PWY-10.transition"]
TRIALS_DIRECTIVE = OBLIGATIONS["EU-PWY-10.directive"]
SCIENTIFIC_ADVICE = OBLIGATIONS["EU-PWY-12"]
IND = OBLIGATIONS["US-IND-1"]
INTERACT = OBLIGATIONS["US-INT-INTERACT"]
CAT_CLASSIFICATION = EU_RULES["EU-CLS-11"]
PRE_RFD = US_RULES["US-CP-4"]
RFD = US_RULES["US-CP-3"]
TRG = US_RULES["US-JUR-1"]

# Regulation (EU) No 536/2014 replaced Directive 2001/20/EC for new trials (parameter
# pathways.eu_clinical_trials_regime: directive, regulation_or_directive, regulation).
CTR_REGIME = "pathways.eu_clinical_trials_regime"


def _item(rule: Rule, text: str) -> dict[str, Any]:
    """An obligation: the rule's one id, title and register citation, and what to do."""
    return {"id": rule.id, "title": rule.title, "text": text, "citation": rule.citation.to_dict()}


def _clinical_trials(as_of: date) -> list[dict[str, Any]]:
    """EU-PWY-10: clinical trials of ATMPs, under the rules in force on ``as_of``."""
    regime = param(CTR_REGIME, as_of)
    if regime == "directive":
        applies_from = edge(CTR_REGIME, "directive", "regulation_or_directive")
        return [
            _item(
                TRIALS_DIRECTIVE,
                f"Before {day(applies_from)} trials were authorised nationally under Directive 2001/20/EC; for "
                "ATMPs and GMOs national timelines were 90 days, plus 90 days with expert consultation.",
            )
        ]
    items = [
        _item(
            TRIALS,
            "Trials need authorisation under the Clinical Trials Regulation: the reporting Member State reports "
            "its assessment (Part I) within 45 days of validation, and for an advanced therapy may extend that "
            "by 50 days to consult experts (also for substantial modifications). Follow the Commission's GCP "
            "guidelines for ATMPs and GMP for investigational ATMPs (EudraLex Vol 4 Part IV).",
        )
    ]
    if regime == "regulation_or_directive":
        last_day = day(day_before(edge(CTR_REGIME, "regulation_or_directive", "regulation")))
        items.append(
            _item(
                TRIALS_TRANSITION,
                f"Until {last_day} a sponsor may still apply under Directive 2001/20/EC instead; such a trial "
                "stays governed by the Directive.",
            )
        )
    return items


def obligations(result: Classification) -> list[dict[str, Any]]:
    eu, us, a = result.eu, result.us, result.answers
    items: list[dict[str, Any]] = []
    if eu.is_atmp:
        items.append(
            _item(
                CENTRALISED_MA,
                "Every ATMP needs a centralised MA: the CAT drafts the opinion, the CHMP adopts it and the "
                "Commission decides (210 days plus clock stops; decision about 67 days later).",
            )
        )
    if eu.borderline or eu.category == "undetermined":
        items.append(_item(CAT_CLASSIFICATION, procedure("EU-PROC-CAT-CLASSIFICATION").next_step))
    if eu.not_atmp_route != "not_a_medicinal_product":
        items.append(
            _item(
                SCIENTIFIC_ADVICE,
                "EMA scientific advice or protocol assistance; the CAT takes part for ATMPs (fee reductions "
                "for ATMPs, SMEs and orphans).",
            )
        )
        items.append(
            _item(
                PAEDIATRIC_PLAN,
                "A new medicine's MAA needs an agreed PIP, a waiver or a deferral; plan it by the end of "
                "adult pharmacokinetic studies."
                + (" The product is meant for children too." if a.is_true("paediatric_indication") else ""),
            )
        )
    if eu.is_atmp and a.value("development_stage") not in {"marketing_application", "authorised"}:
        items.extend(_clinical_trials(result.as_of))
    if eu.category == "GTMP":
        items.append(
            _item(
                GMO_TRIALS,
                "Gene-therapy trials need national GMO authorisations (contained use or deliberate release) "
                "in each Member State, alongside the clinical trial application.",
            )
        )
    if us.status in {"351_biologic", "drug", "device"} or us.combination_product:
        items.append(
            _item(IND, "Clinical studies need an IND (21 CFR Part 312); marketing needs a BLA (or NDA/PMA).")
        )
    if (
        us.lead_center in {None, "CBER"}
        and us.status in {"351_biologic", "undetermined"}
        and a.value("development_stage") in {None, "research", "nonclinical"}
    ):
        items.append(
            _item(
                INTERACT,
                "An informal early meeting before the pre-IND meeting, once a product candidate and some "
                "proof-of-concept data exist but before definitive toxicology.",
            )
        )
    if us.combination_product and us.lead_center is None:
        items.append(_item(PRE_RFD, procedure("US-PROC-PRE-RFD").next_step))
        items.append(_item(RFD, procedure("US-PROC-RFD").next_step))
    if us.status == "undetermined":
        items.append(_item(TRG, procedure("US-PROC-TRG").next_step))
    return items
