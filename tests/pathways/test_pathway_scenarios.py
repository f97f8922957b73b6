"""Pathway scenarios, stacking rules, and the designations real products received."""

from copy import deepcopy
from datetime import date
from pathlib import Path

import pytest
import yaml

from classification.rules.eu import EU_RULES
from classification.rules.us import US_RULES
from classification.rules.validation import advice_errors
from pathways.rules import advise
from pathways.rules.catalogue import catalogue
from tests.products import CAR_T

CAR_T_CELLS = {**CAR_T, "us_excluded_article": "none"}
AAV = {
    "medicinal_purpose": True, "nucleic_acid": "recombinant", "nucleic_acid_acts_on_genetic_sequence": True,
    "transgene_role": "therapeutic", "genome_editing": False, "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": False, "integral_medical_device": False,
}
PROFILE = {
    "condition_severity": "life_threatening", "satisfactory_treatment_exists": False, "expected_benefit": "major",
    "eu_prevalence_per_10000": 0.3, "us_patients": 5000, "evidence_level": "preliminary_clinical_efficacy",
    "surrogate_endpoint_reasonably_likely": "unknown", "comprehensive_data_obtainable": True,
    "sponsor_type": "large_company", "development_stage": "phase_2", "paediatric_indication": "unknown",
    "rare_paediatric_disease": "unknown",
}
BASES = {
    "aav": {**AAV, **PROFILE},
    "oligo": {"medicinal_purpose": True, "nucleic_acid": "chemically_synthesised", "genome_editing": False,
              "infectious_disease_vaccine": False, "contains_cells_or_tissues": False, **PROFILE},
    "hctp361": {
        "medicinal_purpose": True, "nucleic_acid": "none", "genome_editing": False, "contains_cells_or_tissues": True,
        "cells_nucleated": True, "cell_origin": "allogeneic", "cells_viable": "viable",
        "manipulations": ["cutting", "sterilisation"], "same_essential_function": True,
        "intended_purpose": "regenerate_repair_replace", "integral_medical_device": False,
        "us_excluded_article": "none", "us_tissue_type": "structural", "us_minimally_manipulated": True,
        "us_homologous_use": True, "us_combined_with_other_article": False, "us_systemic_or_metabolic": False,
        **PROFILE,
    },
    "vaccine": {"medicinal_purpose": True, "nucleic_acid": "recombinant", "infectious_disease_vaccine": True,
                "nucleic_acid_acts_on_genetic_sequence": True, "transgene_role": "therapeutic",
                "genome_editing": False, "contains_cells_or_tissues": False, **PROFILE},
    "msc": {
        "medicinal_purpose": True, "nucleic_acid": "none", "genome_editing": False, "contains_cells_or_tissues": True,
        "cells_nucleated": True, "cell_origin": "allogeneic", "cells_viable": "viable", "manipulations": ["expansion"],
        "same_essential_function": False, "intended_purpose": "pharmacological_immunological_metabolic",
        "integral_medical_device": False, "us_excluded_article": "none", **PROFILE,
    },
}
SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios" / "pathways.yaml").read_text())


def run(answers, as_of=date(2026, 6, 1)):
    advice = advise({"schema_version": "1", "answers": answers}, as_of=as_of)
    assert advice_errors(advice) == []
    return advice, {p["id"]: p for p in advice["pathways"]}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_pathway_scenario(scenario):
    answers = {**deepcopy(BASES[scenario["base"]]), **scenario.get("answers", {})}
    as_of = scenario.get("as_of", date(2026, 6, 1))
    advice, pathways = run(answers, as_of)
    failures = [f"{pid}: expected {want}, got {pathways[pid]['status']} ({pathways[pid]['reasons']})"
                for pid, want in scenario["expect"].items() if pathways[pid]["status"] != want]
    for pid, wanted in scenario.get("missing_evidence_includes", {}).items():
        absent = [w for w in wanted if w not in pathways[pid]["missing_evidence"]]
        if absent:
            failures.append(f"{pid}: missing_evidence lacks {absent}; was {pathways[pid]['missing_evidence']}")
    for pid, words in scenario.get("reasons_include", {}).items():
        text = " ".join(pathways[pid]["reasons"] + pathways[pid]["instead"])
        failures += [f"{pid}: reasons lack {w!r}: {text}" for w in words if w not in text]
    for pid, words in scenario.get("reasons_exclude", {}).items():
        text = " ".join(pathways[pid]["reasons"])
        failures += [f"{pid}: reasons say {w!r}: {text}" for w in words if w in text]
    for pid, needs in scenario.get("needs", {}).items():
        if pathways[pid]["needs"] != needs:
            failures.append(f"{pid}: needs {pathways[pid]['needs']}, expected {needs}")
    for pid in scenario.get("instead", []):
        if not pathways[pid]["instead"]:
            failures.append(f"{pid}: says nothing of what applies instead")
    items = {o["id"]: o for o in advice["obligations"]}
    for oid, applies in scenario.get("obligations", {}).items():
        got = items[oid]["applies"] if oid in items else "absent"
        if got != applies:
            failures.append(f"obligation {oid}: expected {applies}, got {got}")
    for pid, serves in scenario.get("serves_goals", {}).items():
        if pathways[pid]["serves_goals"] is not serves:
            failures.append(f"{pid}: serves_goals {pathways[pid]['serves_goals']}, expected {serves}")
    assert not failures, "\n".join(failures)


def test_every_pathway_of_the_contract_is_evaluated_with_reasons_and_citations():
    _, pathways = run(BASES["aav"])
    assert set(pathways) == set(catalogue())
    for pathway in pathways.values():
        assert pathway["reasons"] and pathway["citations"][0]["instrument"]


def test_every_pathway_has_a_scenario_for_at_least_two_statuses():
    seen: dict[str, set[str]] = {}
    for scenario in SCENARIOS:
        for pid, status in scenario["expect"].items():
            seen.setdefault(pid, set()).add(status)
    assert set(seen) == set(catalogue())
    assert all(len(statuses) >= 2 for statuses in seen.values()), seen


@pytest.mark.parametrize("comprehensive", [True, False, "unknown"])
def test_conditional_ma_and_exceptional_circumstances_are_never_both_eligible(comprehensive):
    _, pathways = run({**BASES["aav"], "comprehensive_data_obtainable": comprehensive})
    statuses = {pathways["EU_CONDITIONAL_MA"]["status"], pathways["EU_EXCEPTIONAL_CIRCUMSTANCES"]["status"]}
    assert statuses != {"eligible"}


def test_fast_track_breakthrough_and_rmat_stack():
    _, pathways = run({**BASES["aav"], "evidence_level": "substantial_clinical_improvement"})
    assert {pathways[p]["status"] for p in ("US_FAST_TRACK", "US_BREAKTHROUGH", "US_RMAT")} == {"eligible"}


def test_the_roadmap_orders_requests_and_gives_review_clocks():
    advice, _ = run({**BASES["aav"], "development_stage": "nonclinical", "evidence_level": "nonclinical"})
    roadmap = advice["roadmap"]
    assert roadmap == sorted(roadmap, key=lambda m: (m["start_month"], m["pathway_id"]))
    fast_track = next(m for m in roadmap if m["pathway_id"] == "US_FAST_TRACK")
    assert fast_track["duration_days"] == 60 and fast_track["stage"] == "Phase 1"
    assert next(m for m in roadmap if m["pathway_id"] == "EU_ACCELERATED_ASSESSMENT")["duration_days"] == 150


def test_obligations_name_the_centralised_ma_and_gmo_rules_for_a_gene_therapy():
    advice, _ = run(BASES["aav"])
    ids = {o["id"] for o in advice["obligations"]}
    assert {"EU-PWY-1", "EU-PWY-9", "EU-PWY-8", "US-IND-1"} <= ids
    ind = next(o for o in advice["obligations"] if o["id"] == "US-IND-1")
    assert ind["citation"]["provision"].startswith("21 CFR 312.20")


def test_an_obligation_that_names_a_classification_rule_carries_that_rules_citation():
    advice, _ = run({**BASES["aav"], "integral_medical_device": "unknown"})
    by_id = {o["id"]: o for o in advice["obligations"]}
    assert by_id["US-JUR-1"]["citation"] == US_RULES["US-JUR-1"].citation.to_dict()
    undetermined, _ = run({**BASES["aav"], "nucleic_acid_acts_on_genetic_sequence": "unknown"})
    cat = next(o for o in undetermined["obligations"] if o["id"] == "EU-CLS-11")
    assert cat["citation"] == EU_RULES["EU-CLS-11"].citation.to_dict()


# --- Authorised products of the domain notes: what they received must come out (potentially) eligible --------

PRODUCTS = [
    # (name, answers, as_of, designations they received)
    ("Kymriah (EU-PROD-11: PRIME 2016, orphan)", {**CAR_T_CELLS, **PROFILE, "development_stage": "phase_2",
     "evidence_level": "preliminary_clinical_efficacy"}, date(2016, 6, 23), ["EU_PRIME", "EU_ORPHAN"]),
    ("Zynteglo (EU-PROD-14: CMA, orphan, PRIME, AA)", {**CAR_T_CELLS, **PROFILE, "cell_origin": "autologous",
     "development_stage": "phase_3", "evidence_level": "substantial_clinical_improvement",
     "condition_severity": "seriously_debilitating", "satisfactory_treatment_exists": False},
     date(2018, 6, 1), ["EU_CONDITIONAL_MA", "EU_ORPHAN", "EU_PRIME", "EU_ACCELERATED_ASSESSMENT"]),
    ("Hemgenix (EU-PROD-25: PRIME, AA, CMA)", {**AAV, **PROFILE, "condition_severity": "seriously_debilitating",
     "satisfactory_treatment_exists": True, "expected_benefit": "major", "development_stage": "phase_3",
     "evidence_level": "substantial_clinical_improvement"}, date(2022, 3, 1),
     ["EU_PRIME", "EU_ACCELERATED_ASSESSMENT", "EU_CONDITIONAL_MA"]),
    ("Upstaza (EU-PROD-22: exceptional circumstances, orphan)", {**AAV, **PROFILE, "eu_prevalence_per_10000": 0.01,
     "comprehensive_data_obtainable": False, "development_stage": "phase_2"}, date(2020, 1, 1),
     ["EU_EXCEPTIONAL_CIRCUMSTANCES", "EU_ORPHAN"]),
    ("Breyanzi (US-APPR: RMAT and Breakthrough)", {**CAR_T_CELLS, **PROFILE, "development_stage": "phase_2",
     "evidence_level": "substantial_clinical_improvement", "us_patients": 150000}, date(2019, 1, 1),
     ["US_RMAT", "US_BREAKTHROUGH", "US_ORPHAN"]),
    ("Zolgensma (US-APPR: Fast Track, Breakthrough, orphan, rare pediatric voucher)", {**AAV, **PROFILE,
     "paediatric_indication": True, "rare_paediatric_disease": True, "development_stage": "phase_3",
     "evidence_level": "substantial_clinical_improvement"}, date(2018, 6, 1),
     ["US_FAST_TRACK", "US_BREAKTHROUGH", "US_ORPHAN", "US_RARE_PEDIATRIC_PRV"]),
    ("Roctavian (RMAT, Mar 2021; EU CMA)", {**AAV, **PROFILE, "condition_severity": "seriously_debilitating",
     "satisfactory_treatment_exists": True, "expected_benefit": "significant", "development_stage": "phase_3"},
     date(2021, 3, 1), ["US_RMAT"]),
]


@pytest.mark.parametrize(("name", "answers", "as_of", "received"), PRODUCTS, ids=[p[0] for p in PRODUCTS])
def test_authorised_products_come_out_eligible_for_what_they_received(name, answers, as_of, received):
    _, pathways = run(answers, as_of)
    wrong = {pid: pathways[pid]["status"] for pid in received
             if pathways[pid]["status"] not in {"eligible", "potentially_eligible"}}
    assert not wrong, wrong


def test_an_atmp_in_development_must_plan_eu_trial_authorisation_under_the_rules_of_the_day():
    today, _ = run({**BASES["aav"], "development_stage": "phase_1"})
    trial = next(o for o in today["obligations"] if o["id"] == "EU-PWY-10")
    assert trial["citation"]["instrument"] == "Regulation (EU) No 536/2014"
    assert "50 days" in trial["text"]
    before, _ = run({**BASES["aav"], "development_stage": "phase_1"}, as_of=date(2021, 6, 1))
    legacy = next(o for o in before["obligations"] if o["id"] == "EU-PWY-10.directive")
    assert legacy["citation"]["instrument"] == "Directive 2001/20/EC"
    assert "EU-PWY-10" not in {o["id"] for o in before["obligations"]}
    filed, _ = run({**BASES["aav"], "development_stage": "marketing_application"})
    assert not [o for o in filed["obligations"] if o["id"].startswith("EU-PWY-10")]
    oligo, _ = run({**BASES["oligo"], "development_stage": "phase_1"})
    assert not [o for o in oligo["obligations"] if o["id"].startswith("EU-PWY-10")]


def test_a_designation_whose_criteria_are_met_is_requested_now_not_at_its_usual_stage():
    advice, pathways = run({**BASES["aav"], "development_stage": "phase_1"})
    assert pathways["US_BREAKTHROUGH"]["status"] == "eligible"
    breakthrough = next(m for m in advice["roadmap"] if m["pathway_id"] == "US_BREAKTHROUGH")
    assert (breakthrough["start_month"], breakthrough["stage"]) == (0, "Phase 1")
    early, pathways = run({**BASES["aav"], "development_stage": "nonclinical", "evidence_level": "nonclinical"})
    assert pathways["US_FAST_TRACK"]["status"] == "potentially_eligible"  # no IND yet
    fast_track = next(m for m in early["roadmap"] if m["pathway_id"] == "US_FAST_TRACK")
    assert fast_track["stage"] == "Phase 1" and fast_track["start_month"] > 0
    accelerated = next(m for m in advice["roadmap"] if m["pathway_id"] == "EU_ACCELERATED_ASSESSMENT")
    assert accelerated["stage"] == "Phase 3"
