"""Every dated parameter of the pathways (parameters_data/pathways.yaml), on the day before and the
day of each of its dates, and every threshold at it and just under and over it: the advice changes
the way the law says, and only on that day.

The table below is written from the law, independently of the YAML: a date moved in the YAML, a
date added without a case here, or a comparison turned from ``<`` to ``<=`` fails a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from classification.rules.parameters import PARAMETERS, param
from classification.rules.validation import advice_errors
from pathways.rules import advise
from tests.products import CAR_T

PATHWAYS_FILE = (
    Path(__file__).resolve().parents[2] / "classification" / "rules" / "parameters_data" / "pathways.yaml"
)
PATHWAY_PARAMETERS = sorted(yaml.safe_load(PATHWAYS_FILE.read_text(encoding="utf-8")))
SENTINEL = date(1900, 1, 1)  # "before any of this law": a first value, not a date of the law

# A development profile that meets every disease and evidence criterion it can, so that only the
# dated rule or the threshold under test decides.
PROFILE = {
    "condition_severity": "life_threatening",
    "satisfactory_treatment_exists": False,
    "expected_benefit": "major",
    "eu_prevalence_per_10000": 0.3,
    "us_patients": 5000,
    "evidence_level": "preliminary_clinical_efficacy",
    "comprehensive_data_obtainable": True,
    "sponsor_type": "large_company",
    "development_stage": "phase_2",
}
GENE_THERAPY = {**CAR_T, "us_excluded_article": "none", **PROFILE}  # GTMP; 351 biologic
# The voucher comes only with an approval (FD&C Act 529): the edges are read for an approved product.
VOUCHER_CANDIDATE = {
    **GENE_THERAPY,
    "rare_paediatric_disease": True,
    "development_stage": "authorised",
}
IN_TRIALS = {**GENE_THERAPY, "development_stage": "phase_1"}
OLIGONUCLEOTIDE = {  # not an ATMP (chemically synthesised), for the JCA phases after the ATMPs
    "medicinal_purpose": True,
    "nucleic_acid": "chemically_synthesised",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": False,
    **PROFILE,
}
COMMON_OLIGONUCLEOTIDE = {**OLIGONUCLEOTIDE, "eu_prevalence_per_10000": 8}  # not an orphan
IN_VIVO = {  # an AAV gene therapy given in vivo (no cells)
    "medicinal_purpose": True,
    "nucleic_acid": "recombinant",
    "nucleic_acid_acts_on_genetic_sequence": True,
    "transgene_role": "therapeutic",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": False,
    "integral_medical_device": False,
    "us_excluded_article": "none",
    **PROFILE,
}
ACCELERATED = {**GENE_THERAPY, "surrogate_endpoint_reasonably_likely": True}
RARE_GENETIC = {**IN_VIVO, "us_patients": 400, "development_stage": "phase_1"}


def run(answers: dict[str, Any], as_of: date) -> dict[str, Any]:
    advice = advise({"schema_version": "1", "answers": answers}, as_of=as_of)
    assert advice_errors(advice) == []
    return advice


def pathway(pathway_id: str) -> Callable[[dict[str, Any]], str]:
    def status(advice: dict[str, Any]) -> str:
        return next(p for p in advice["pathways"] if p["id"] == pathway_id)["status"]

    status.__name__ = pathway_id
    return status


def obligation(obligation_id: str) -> Callable[[dict[str, Any]], str]:
    """Whether the obligation is listed, and how it applies (yes, depends, from_date) or "absent"."""

    def applies(advice: dict[str, Any]) -> str:
        item = next((o for o in advice["obligations"] if o["id"] == obligation_id), None)
        return item["applies"] if item else "absent"

    applies.__name__ = obligation_id
    return applies


def flagged(option_id: str) -> Callable[[dict[str, Any]], str]:
    def listed(advice: dict[str, Any]) -> str:
        return "listed" if any(o["id"] == option_id for o in advice["flagged_options"]) else "absent"

    listed.__name__ = option_id
    return listed


def reasons_of(pathway_id: str, words: dict[str, str]) -> Callable[[dict[str, Any]], str]:
    """The first label whose words appear in the pathway's reasons (or criteria), else "none"."""

    def which(advice: dict[str, Any]) -> str:
        p = next(p for p in advice["pathways"] if p["id"] == pathway_id)
        text = " ".join(p["reasons"] + [c["text"] for c in p["criteria"]])
        return next((label for label, w in words.items() if w in text), "none")

    which.__name__ = pathway_id
    return which


def eu_trial_guideline(advice: dict[str, Any]) -> str:
    trial = next(o for o in advice["obligations"] if o["id"] == "EU-PWY-10")
    return "cited" if "EMA/CAT/22473/2025" in trial["text"] else "absent"


def uk_trials(advice: dict[str, Any]) -> str:
    item = next((o for o in advice["obligations"] if o["id"] == "UK-CT-1"), None)
    if item is None:
        return "absent"
    return "amended" if "combined review" in item["text"] else "2004"


def asrm(advice: dict[str, Any]) -> str:
    item = next((o for o in advice["obligations"] if o["id"] == "JP-ASRM-1"), None)
    if item is None:
        return "absent"
    return "class_i" if "Class I" in item["text"] and item["applies"] == "depends" else item["applies"]


def trial_rules(advice: dict[str, Any]) -> str:
    """Which rules govern a new EU trial: the instrument cited, and whether the Directive is still open
    (the transition item EU-PWY-10.transition, citing Art 98(2))."""
    items = {o["id"]: o for o in advice["obligations"] if o["id"].startswith("EU-PWY-10")}
    if "EU-PWY-10.directive" in items:
        return items["EU-PWY-10.directive"]["citation"]["instrument"]
    transition = items.get("EU-PWY-10.transition")
    choice = ""
    if transition:
        assert transition["citation"]["provision"].startswith("Art 98(2)")
        assert "may still apply under Directive 2001/20/EC" in transition["text"]
        choice = " or the Directive"
    return items["EU-PWY-10"]["citation"]["instrument"] + choice


@dataclass(frozen=True)
class Edge:
    answers: dict[str, Any]
    outcome: Callable[[dict[str, Any]], str]
    before: str  # on the day before the date
    on: str  # on the date
    law: str  # what the law says happens on that date


EDGES: dict[tuple[str, date], Edge] = {
    # HTA Regulation (EU) 2021/2282 Art 7(1)(a): applications submitted *after* the dates of Art 7(2):
    # 12 Jan 2025 (ATMPs), 13 Jan 2028 (orphans), 13 Jan 2030 (all centrally authorised medicines).
    # The first day in scope is the day after each date; an MAA submitted on the date itself is not.
    # The JCA is an obligation of the MAA (EU-PWY-11), never an eligibility: before the phase it is
    # listed as applying from the date, from the date as applying.
    ("pathways.eu_jca_covers_atmps", date(2025, 1, 13)): Edge(
        GENE_THERAPY,
        obligation("EU-PWY-11"),
        "from_date",
        "yes",
        "Art 7(1)(a), 7(2)(a): ATMP applications submitted after 12 Jan 2025",
    ),
    ("pathways.eu_jca_covers_orphans", date(2028, 1, 14)): Edge(
        OLIGONUCLEOTIDE,
        obligation("EU-PWY-11"),
        "from_date",
        "yes",
        "Art 7(1)(a), 7(2)(b): orphan applications submitted after 13 Jan 2028",
    ),
    ("pathways.eu_jca_covers_all", date(2030, 1, 14)): Edge(
        COMMON_OLIGONUCLEOTIDE,
        obligation("EU-PWY-11"),
        "from_date",
        "yes",
        "Art 7(1)(a), 7(2)(c): all applications submitted after 13 Jan 2030",
    ),
    # Regulation (EC) No 141/2000 applies from the implementing Regulation (EC) No 847/2000 (27 Apr 2000).
    ("pathways.eu_orphan_prevalence_ceiling_per_10000", date(2000, 4, 27)): Edge(
        GENE_THERAPY,
        pathway("EU_ORPHAN"),
        "not_applicable",
        "eligible",
        "Art 11: EU orphan designation from 27 Apr 2000",
    ),
    # Regulation (EU) No 536/2014 Art 99 (from 31 Jan 2022) and Art 98(2) (Directive still open until 30 Jan 2023).
    ("pathways.eu_clinical_trials_regime", date(2022, 1, 31)): Edge(
        IN_TRIALS,
        trial_rules,
        "Directive 2001/20/EC",
        "Regulation (EU) No 536/2014 or the Directive",
        "Art 99: the Regulation applies from 31 Jan 2022; Art 98(2): the Directive may still be used",
    ),
    ("pathways.eu_clinical_trials_regime", date(2023, 1, 31)): Edge(
        IN_TRIALS,
        trial_rules,
        "Regulation (EU) No 536/2014 or the Directive",
        "Regulation (EU) No 536/2014",
        "Art 98(2): 18 months after the notice of 31 Jul 2021, only the Regulation",
    ),
    # 21 U.S.C. 360bb(a)(2): "less than 200,000 persons", inserted by Pub. L. 98-551 on 30 Oct 1984.
    ("pathways.us_orphan_patient_ceiling", date(1984, 10, 30)): Edge(
        GENE_THERAPY,
        pathway("US_ORPHAN"),
        "not_eligible",
        "eligible",
        "the prevalence ground exists from 30 Oct 1984",
    ),
    # FD&C Act 529: created 9 Jul 2012 (FDASIA); no voucher after 20 Dec 2024 except designated products;
    # reauthorised 3 Feb 2026 (P.L. 119-75 section 6604); no award after 30 Sep 2029.
    ("pathways.us_rpd_voucher_authority", date(2012, 7, 9)): Edge(
        VOUCHER_CANDIDATE,
        pathway("US_RARE_PEDIATRIC_PRV"),
        "not_applicable",
        "eligible",
        "FDASIA section 908",
    ),
    ("pathways.us_rpd_voucher_authority", date(2024, 12, 21)): Edge(
        VOUCHER_CANDIDATE,
        pathway("US_RARE_PEDIATRIC_PRV"),
        "eligible",
        "potentially_eligible",
        "the old sunset: the authority lapses after 20 Dec 2024 (gap case for manual review)",
    ),
    ("pathways.us_rpd_voucher_authority", date(2026, 2, 3)): Edge(
        VOUCHER_CANDIDATE,
        pathway("US_RARE_PEDIATRIC_PRV"),
        "potentially_eligible",
        "eligible",
        "reauthorised on 3 Feb 2026",
    ),
    ("pathways.us_rpd_voucher_authority", date(2029, 10, 1)): Edge(
        VOUCHER_CANDIDATE,
        pathway("US_RARE_PEDIATRIC_PRV"),
        "eligible",
        "not_applicable",
        "no voucher may be awarded after 30 Sep 2029",
    ),
    # MHRA ILAP: launched Jan 2021; closed to new applications from 20 Nov 2024; relaunched window 31 Mar 2025.
    ("pathways.uk_ilap_open", date(2021, 1, 1)): Edge(
        GENE_THERAPY,
        pathway("UK_ILAP"),
        "not_applicable",
        "potentially_eligible",
        "ILAP launched in January 2021",
    ),
    ("pathways.uk_ilap_open", date(2024, 11, 20)): Edge(
        GENE_THERAPY, pathway("UK_ILAP"), "potentially_eligible", "not_applicable", "closed from 20 Nov 2024"
    ),
    ("pathways.uk_ilap_open", date(2025, 3, 31)): Edge(
        GENE_THERAPY, pathway("UK_ILAP"), "not_applicable", "potentially_eligible", "reopened on 31 Mar 2025"
    ),
    # --- 2025-2026 (issue 11) ---
    ("pathways.eu_investigational_atmp_guideline", date(2025, 7, 1)): Edge(
        IN_TRIALS, eu_trial_guideline, "absent", "cited", "EMA/CAT/22473/2025 in effect from 1 Jul 2025"
    ),
    ("pathways.us_orphan_exclusivity_scope", date(1983, 1, 4)): Edge(
        GENE_THERAPY,
        reasons_of("US_ORPHAN", {"statute": "section 6605", "contested": "Catalyst", "approved_use": "316.31"}),
        "none",
        "approved_use",
        "Orphan Drug Act of 4 Jan 1983; FDA's approved-use reading (21 CFR 316.31)",
    ),
    ("pathways.us_orphan_exclusivity_scope", date(2021, 9, 30)): Edge(
        GENE_THERAPY,
        reasons_of("US_ORPHAN", {"statute": "section 6605", "contested": "Catalyst", "approved_use": "316.31"}),
        "approved_use",
        "contested",
        "Catalyst v. Becerra, 11th Cir., 30 Sep 2021",
    ),
    ("pathways.us_orphan_exclusivity_scope", date(2026, 2, 3)): Edge(
        GENE_THERAPY,
        reasons_of("US_ORPHAN", {"statute": "section 6605", "contested": "Catalyst", "approved_use": "316.31"}),
        "contested",
        "statute",
        "CAA 2026 section 6605: the same approved use or indication, from 3 Feb 2026",
    ),
    ("pathways.us_aa_confirmatory_trial_underway", date(2022, 12, 29)): Edge(
        ACCELERATED,
        obligation("US-AA-CONF"),
        "absent",
        "depends",
        "FDORA section 3210 (29 Dec 2022): confirmatory trial under way before approval; 180-day reports",
    ),
    ("pathways.us_rmat_guidance", date(2019, 2, 19)): Edge(
        GENE_THERAPY,
        reasons_of("US_RMAT", {"draft_2025": "draft guidance of", "final_2019": "(final,"}),
        "none",
        "final_2019",
        "final RMAT guidance, 84 FR 4825 (19 Feb 2019)",
    ),
    ("pathways.us_rmat_guidance", date(2025, 9, 20)): Edge(
        GENE_THERAPY,
        reasons_of("US_RMAT", {"draft_2025": "draft guidance of", "final_2019": "(final,"}),
        "final_2019",
        "draft_2025",
        "draft RMAT guidance of 20 Sep 2025",
    ),
    ("pathways.us_rdep_available", date(2025, 9, 3)): Edge(
        RARE_GENETIC, flagged("US-FLAG-RDEP"), "absent", "listed", "RDEP announced 3 Sep 2025"
    ),
    ("pathways.us_plausible_mechanism_draft", date(2026, 2, 23)): Edge(
        RARE_GENETIC, flagged("US-FLAG-PM"), "absent", "listed", "plausible-mechanism draft guidance, 23 Feb 2026"
    ),
    ("pathways.us_cnpv_pilot", date(2025, 6, 17)): Edge(
        RARE_GENETIC, flagged("US-FLAG-CNPV"), "absent", "listed", "CNPV pilot announced 17 Jun 2025"
    ),
    ("pathways.uk_conditional_ma_scope", date(2021, 1, 1)): Edge(
        GENE_THERAPY, pathway("UK_CONDITIONAL_MA"), "not_applicable", "eligible", "national GB scheme from 1 Jan 2021"
    ),
    ("pathways.uk_conditional_ma_scope", date(2025, 1, 1)): Edge(
        GENE_THERAPY,
        reasons_of("UK_CONDITIONAL_MA", {"great_britain": "covered Great Britain"}),
        "great_britain",
        "none",
        "UK-wide licensing from 1 Jan 2025 (Windsor Framework)",
    ),
    ("pathways.uk_clinical_trials_regime", date(2004, 5, 1)): Edge(
        IN_TRIALS, uk_trials, "absent", "2004", "SI 2004/1031 in force 1 May 2004"
    ),
    ("pathways.uk_clinical_trials_regime", date(2026, 4, 28)): Edge(
        IN_TRIALS, uk_trials, "2004", "amended", "the amended UK clinical trials regulations from 28 Apr 2026"
    ),
    ("pathways.uk_point_of_care_regs", date(2025, 7, 23)): Edge(
        GENE_THERAPY, obligation("UK-DM-1"), "absent", "depends", "SI 2025/87 in force 23 Jul 2025"
    ),
    ("pathways.jp_asrm_in_vivo_gene_therapy", date(2014, 11, 25)): Edge(
        IN_VIVO, asrm, "absent", "from_date", "ASRM in force 25 Nov 2014, not yet for in vivo gene therapy"
    ),
    ("pathways.jp_asrm_in_vivo_gene_therapy", date(2025, 5, 31)): Edge(
        IN_VIVO, asrm, "from_date", "class_i", "in vivo gene therapy Class I under the ASRM from 31 May 2025"
    ),
}


def test_every_date_of_every_pathway_parameter_has_an_edge_case_written_from_the_law():
    dates = {
        (name, when) for name in PATHWAY_PARAMETERS for when in PARAMETERS[name].dates if when != SENTINEL
    }
    assert dates == set(EDGES)


@pytest.mark.parametrize(("name", "when"), sorted(EDGES), ids=[f"{n}@{w}" for n, w in sorted(EDGES)])
def test_the_advice_changes_on_the_date_and_not_the_day_before(name, when):
    edge = EDGES[(name, when)]
    assert edge.before != edge.on, edge.law
    day_before = when - timedelta(days=1)
    assert edge.outcome(run(edge.answers, day_before)) == edge.before, f"{day_before}: {edge.law}"
    assert edge.outcome(run(edge.answers, when)) == edge.on, f"{when}: {edge.law}"


def test_the_reasons_give_the_dates_of_the_parameters_in_words():
    def reasons(answers, when, pathway_id):
        return " ".join(next(p for p in run(answers, when)["pathways"] if p["id"] == pathway_id)["reasons"])

    def jca(answers, when):
        return next(o for o in run(answers, when)["obligations"] if o["id"] == "EU-PWY-11")

    assert "submitted after 12 January 2025" in jca(GENE_THERAPY, date(2025, 1, 12))["text"]
    common = jca(COMMON_OLIGONUCLEOTIDE, date(2027, 6, 1))
    assert "after 13 January 2030" in common["text"] and common["date"] == "2030-01-14"
    assert "30 September 2029" in " ".join(
        next(p for p in run({**VOUCHER_CANDIDATE, "development_stage": "phase_1"}, AS_OF)["pathways"]
             if p["id"] == "US_RARE_PEDIATRIC_PRV")["missing_evidence"]
    )
    assert "30 September 2029" in reasons(VOUCHER_CANDIDATE, date(2029, 10, 1), "US_RARE_PEDIATRIC_PRV")
    gap = reasons(VOUCHER_CANDIDATE, date(2025, 6, 1), "US_RARE_PEDIATRIC_PRV")
    assert "21 December 2024" in gap and "2 February 2026" in gap and "designated by 20 December 2024" in gap
    ilap = reasons(GENE_THERAPY, date(2025, 1, 15), "UK_ILAP")
    assert "20 November 2024" in ilap and "31 March 2025" in ilap
    legacy = next(
        o for o in run(IN_TRIALS, date(2021, 6, 1))["obligations"] if o["id"] == "EU-PWY-10.directive"
    )
    assert legacy["text"].startswith("Before 31 January 2022")
    transition = next(
        o for o in run(IN_TRIALS, date(2022, 6, 1))["obligations"] if o["id"] == "EU-PWY-10.transition"
    )
    assert "Until 30 January 2023" in transition["text"]


# --- thresholds -----------------------------------------------------------------------------

AS_OF = date(2026, 6, 1)


def test_the_thresholds_are_the_law_on_the_date():
    assert param("pathways.eu_orphan_prevalence_ceiling_per_10000", AS_OF) == 5  # Reg 141/2000 Art 3(1)(a)
    assert param("pathways.us_orphan_patient_ceiling", AS_OF) == 200_000  # 21 U.S.C. 360bb(a)(2)


@pytest.mark.parametrize(
    ("prevalence", "status"),
    [(4.99, "eligible"), (5, "eligible"), (5.0, "eligible"), (5.01, "not_eligible"), (6, "not_eligible")],
)
def test_the_eu_orphan_ceiling_is_not_more_than_five_in_ten_thousand(prevalence, status):
    advice = run({**GENE_THERAPY, "eu_prevalence_per_10000": prevalence}, AS_OF)
    assert pathway("EU_ORPHAN")(advice) == status


@pytest.mark.parametrize(("prevalence", "applies"), [(5.0, "yes"), (5.01, "from_date")])
def test_the_jca_orphan_phase_uses_the_same_ceiling(prevalence, applies):
    advice = run({**OLIGONUCLEOTIDE, "eu_prevalence_per_10000": prevalence}, date(2028, 6, 1))
    assert obligation("EU-PWY-11")(advice) == applies


@pytest.mark.parametrize(
    ("patients", "status"),
    [(199_998, "eligible"), (199_999, "eligible"), (200_000, "not_eligible"), (200_001, "not_eligible")],
)
def test_the_us_rare_disease_ceiling_is_fewer_than_200000_patients(patients, status):
    advice = run({**GENE_THERAPY, "us_patients": patients}, AS_OF)
    assert pathway("US_ORPHAN")(advice) == status


def test_at_the_us_ceiling_the_cost_recovery_ground_is_named_with_the_number():
    advice = run({**GENE_THERAPY, "us_patients": 200_000}, AS_OF)
    orphan = next(p for p in advice["pathways"] if p["id"] == "US_ORPHAN")
    assert any("At 200,000 or more" in r for r in orphan["reasons"])


def test_above_the_eu_ceiling_the_insufficient_return_ground_is_named_with_the_number():
    advice = run({**GENE_THERAPY, "eu_prevalence_per_10000": 5.01}, AS_OF)
    orphan = next(p for p in advice["pathways"] if p["id"] == "EU_ORPHAN")
    assert any("Above 5 in 10,000" in r for r in orphan["reasons"])
