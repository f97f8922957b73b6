"""Obligations and procedures a sponsor must plan for (not designations): each with its citation
and the condition under which it applies."""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.engine import Classification


def _item(id_: str, title: str, text: str, instrument: str, provision: str, url: str) -> dict[str, Any]:
    return {
        "id": id_,
        "title": title,
        "text": text,
        "citation": {"instrument": instrument, "provision": provision, "url": url},
    }


# Regulation (EU) No 536/2014 applies from 31 Jan 2022; before that Directive 2001/20/EC governed trials.
CTR_APPLIES_FROM = date(2022, 1, 31)


def _clinical_trials(as_of: date) -> dict[str, Any]:
    """EU-PWY-10: clinical trials of ATMPs, under the rules in force on ``as_of``."""
    if as_of >= CTR_APPLIES_FROM:
        return _item(
            "EU-PWY-10",
            "Clinical trial authorisation in the EU",
            "Trials need authorisation under the Clinical Trials Regulation: the reporting Member State reports its "
            "assessment (Part I) within 45 days of validation, and for an advanced therapy may "
            "extend that by 50 days to consult experts (also for substantial modifications). Follow the "
            "Commission's GCP guidelines for ATMPs and GMP for investigational ATMPs (EudraLex Vol 4 Part IV).",
            "Regulation (EU) No 536/2014",
            "Art 6(4), Art 6(7) and Art 18(5); Reg 1394/2007 Art 4",
            "http://data.europa.eu/eli/reg/2014/536/oj",
        )
    return _item(
        "EU-PWY-10",
        "Clinical trial authorisation in the EU",
        "Before 31 Jan 2022 trials were authorised nationally under Directive 2001/20/EC; for ATMPs and GMOs "
        "national timelines were 90 days, plus 90 days with expert consultation.",
        "Directive 2001/20/EC",
        "Art 9",
        "https://eur-lex.europa.eu/eli/dir/2001/20/oj",
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
            _item(
                "EU-CLS-11",
                "CAT classification request",
                "Ask the CAT for a scientific recommendation on classification (free; within 60 days).",
                "Regulation (EC) No 1394/2007",
                "Art 17",
                "http://data.europa.eu/eli/reg/2007/1394/oj",
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
                + (
                    " The product is meant for children too."
                    if a.get("paediatric_indication") is True
                    else ""
                ),
                "Regulation (EC) No 1901/2006",
                "Art 7 and Art 16",
                "https://eur-lex.europa.eu/eli/reg/2006/1901/oj",
            )
        )
    if eu.is_atmp and a.get("development_stage") not in {"marketing_application", "authorised"}:
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
        and a.get("development_stage") in {None, "unknown", "research", "nonclinical"}
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
            _item(
                "US-CP-4",
                "Pre-RFD or Request for Designation",
                "Ask the Office of Combination Products which centre leads (RFD answered within 60 days).",
                "21 CFR Part 3",
                "3.7",
                "https://www.ecfr.gov/current/title-21/chapter-I/subchapter-A/part-3",
            )
        )
    if us.status == "undetermined":
        items.append(
            _item(
                "US-JUR-1",
                "Tissue Reference Group request",
                "Ask FDA's TRG whether the HCT/P is regulated under section 361 or 351.",
                "21 CFR Part 1271",
                "1271.10",
                "https://www.fda.gov/vaccines-blood-biologics/tissue-tissue-products/tissue-reference-group",
            )
        )
    return items
