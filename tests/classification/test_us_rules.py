"""US classification rules: derivations, the undetermined path, and the US golden scenarios
run against ``us_classification`` alone (so they run before the EU modules exist)."""

from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from classification.rules.core import Answers
from classification.rules.sampling import random_answers
from classification.rules.us import (
    US_RULES,
    derive_combined,
    derive_donor_relationship,
    derive_homologous_use,
    derive_minimal_manipulation,
    us_classification,
)
from classification.rules.validation import answers_errors, load_schema

from .scenario_runner import DEFAULT_AS_OF, check_part, load_scenarios, scenario_document

US_SCENARIOS = [
    s for s in load_scenarios(Path(__file__).with_name("scenarios")) if s["_file"].startswith("us_")
]
US_PART_SCHEMA = Draft202012Validator(load_schema("advice")["properties"]["us"])


def classify(answers: dict, as_of: date = DEFAULT_AS_OF) -> dict:
    return us_classification(Answers(answers), as_of=as_of).to_dict()


# --- golden scenarios ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", US_SCENARIOS, ids=[s["name"] for s in US_SCENARIOS])
def test_us_scenario(scenario):
    document, as_of = scenario_document(scenario)
    assert set(scenario["expect"]) == {"us"}, "US scenario files hold US expectations only"
    assert answers_errors(document) == []
    outcome = classify(document["answers"], as_of)
    assert list(US_PART_SCHEMA.iter_errors(outcome)) == []
    failures = check_part("us", outcome, scenario["expect"]["us"])
    assert not failures, "\n".join(failures)


def test_there_are_at_least_twenty_five_us_scenarios():
    assert len(US_SCENARIOS) >= 25


def test_every_us_rule_id_is_exercised_by_a_us_scenario():
    seen: set[str] = set()
    for scenario in US_SCENARIOS:
        document, as_of = scenario_document(scenario)
        seen.update(step["rule"] for step in classify(document["answers"], as_of)["trace"])
    assert sorted(US_RULES.ids() - seen) == []


def test_every_us_rule_cites_a_provision_with_a_url_and_a_confidence_tag():
    for rule in US_RULES:
        assert rule.id.startswith("US-")
        assert rule.citation.instrument and rule.citation.provision
        assert rule.citation.url and rule.citation.url.startswith("https://")
        assert rule.confidence in {"V", "S", "R"}


# --- derivations ---------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["expansion", "genetic_modification", "activation", "differentiation"])
def test_it_derives_more_than_minimal_manipulation_from_substantial_steps_as_unverified(step):
    derived = derive_minimal_manipulation(Answers({"manipulations": ["centrifugation", step]}))
    assert derived.value is False
    assert derived.derived is True
    assert derived.confidence == "R"


def test_it_derives_more_than_minimal_manipulation_from_enzymatic_digestion_of_structural_tissue():
    derived = derive_minimal_manipulation(
        Answers({"manipulations": ["enzymatic_digestion"], "us_tissue_type": "structural"})
    )
    assert (derived.value, derived.confidence) == (False, "S")
    assert "14-1" in derived.reason


def test_it_does_not_guess_enzymatic_digestion_of_nonstructural_tissue():
    derived = derive_minimal_manipulation(
        Answers({"manipulations": ["enzymatic_digestion"], "us_tissue_type": "nonstructural"})
    )
    assert derived.value is None
    assert derived.missing == ("us_minimally_manipulated",)


def test_it_asks_for_the_tissue_type_when_the_steps_depend_on_it():
    derived = derive_minimal_manipulation(Answers({"manipulations": ["sterilisation"]}))
    assert derived.value is None
    assert "us_tissue_type" in derived.missing


def test_it_derives_minimal_manipulation_from_conventional_steps_on_structural_tissue_as_unverified():
    derived = derive_minimal_manipulation(
        Answers({"manipulations": ["cutting", "sterilisation", "freezing"], "us_tissue_type": "structural"})
    )
    assert (derived.value, derived.confidence) == (True, "R")


def test_it_treats_cells_carrying_a_recombinant_sequence_as_genetically_modified():
    derived = derive_minimal_manipulation(
        Answers({"contains_cells_or_tissues": True, "nucleic_acid": "recombinant", "manipulations": []})
    )
    assert derived.value is False


def test_an_answered_us_minimal_manipulation_overrides_the_processing_steps():
    derived = derive_minimal_manipulation(
        Answers(
            {
                "us_minimally_manipulated": True,
                "manipulations": ["enzymatic_digestion"],
                "us_tissue_type": "structural",
            }
        )
    )
    assert (derived.value, derived.derived, derived.confidence) == (True, False, "V")


def test_decellularisation_needs_judgement_per_tissue():
    derived = derive_minimal_manipulation(
        Answers({"manipulations": ["decellularisation"], "us_tissue_type": "structural"})
    )
    assert derived.value is None


def test_homologous_use_defaults_to_same_essential_function():
    assert derive_homologous_use(Answers({"same_essential_function": True})).value is True
    derived = derive_homologous_use(Answers({"same_essential_function": False}))
    assert (derived.value, derived.derived, derived.answers) == (False, True, ("same_essential_function",))
    assert (
        derive_homologous_use(Answers({"us_homologous_use": False, "same_essential_function": True})).value
        is False
    )
    assert derive_homologous_use(Answers({"same_essential_function": "unknown"})).missing == (
        "us_homologous_use",
    )


def test_combination_defaults_to_integral_medical_device():
    assert derive_combined(Answers({"integral_medical_device": True})).value is True
    assert (
        derive_combined(
            Answers({"us_combined_with_other_article": True, "integral_medical_device": False})
        ).value
        is True
    )
    assert derive_combined(Answers({})).missing == ("us_combined_with_other_article",)


def test_donor_relationship_defaults_to_autologous_only_for_autologous_cells():
    derived = derive_donor_relationship(Answers({"cell_origin": "autologous"}))
    assert (derived.value, derived.derived) == ("autologous", True)
    for origin in ("allogeneic", "autologous_and_allogeneic", "unknown"):
        derived = derive_donor_relationship(Answers({"cell_origin": origin}))
        assert derived.value is None
        assert derived.missing == ("us_donor_relationship",)
    answered = derive_donor_relationship(
        Answers({"cell_origin": "allogeneic", "us_donor_relationship": "reproductive"})
    )
    assert answered.value == "reproductive"


# --- outcomes ------------------------------------------------------------------------------------

BASE_TISSUE = {
    "contains_cells_or_tissues": True,
    "cell_origin": "allogeneic",
    "us_excluded_article": "none",
    "us_tissue_type": "nonstructural",
    "us_minimally_manipulated": True,
    "us_homologous_use": True,
    "us_combined_with_other_article": False,
    "us_systemic_or_metabolic": True,
}


def test_the_undetermined_path_names_what_is_missing_and_recommends_trg_and_pre_rfd():
    outcome = classify(BASE_TISSUE)
    assert outcome["status"] == "undetermined"
    assert outcome["missing"] == ["us_donor_relationship"]
    steps = " ".join(outcome["next_steps"])
    assert "Tissue Reference Group" in steps
    assert "Pre-RFD" in steps and "Request for Designation" in steps
    assert "How is the donor related to the patient?" in steps  # the open point, in words
    assert "us_donor_relationship" not in steps
    assert "US-JUR-1" in [s["rule"] for s in outcome["trace"]]


def test_a_failed_criterion_settles_351_even_with_other_criteria_open():
    outcome = classify({**BASE_TISSUE, "us_homologous_use": False})
    assert outcome["status"] == "351_biologic"
    assert outcome["missing"] == []
    assert any("How is the donor related to the patient?" in note for note in outcome["notes"])


def test_each_criterion_is_its_own_trace_step_resting_on_its_answers():
    outcome = classify({**BASE_TISSUE, "us_donor_relationship": "first_or_second_degree_relative"})
    assert outcome["status"] == "361_hctp"
    by_rule = {s["rule"]: s for s in outcome["trace"]}
    assert by_rule["US-361-1"]["answers"] == ["us_minimally_manipulated", "us_tissue_type"]
    assert by_rule["US-361-2"]["answers"] == ["us_homologous_use"]
    assert by_rule["US-361-3"]["answers"] == ["us_combined_with_other_article"]
    assert by_rule["US-361-4"]["answers"] == ["us_systemic_or_metabolic", "us_donor_relationship"]


def test_a_combination_product_with_unknown_pmoa_recommends_the_office_of_combination_products():
    outcome = classify(
        {**BASE_TISSUE, "us_combined_with_other_article": True, "us_donor_relationship": "unrelated"}
    )
    # the primary mode of action decides biologic, device or drug: while it is open, so is the status
    assert (outcome["status"], outcome["combination_product"], outcome["lead_center"]) == (
        "undetermined",
        None,
        None,
    )
    assert outcome["missing"] == ["us_primary_mode_of_action"]
    assert any("60 days" in step and "21 CFR 3.7" in step for step in outcome["next_steps"])
    assert any("Pre-Request for Designation" in step for step in outcome["next_steps"])
    rules = [s["rule"] for s in outcome["trace"]]
    assert {"US-CP-2", "US-CP-3", "US-CP-4"} <= set(rules)
    assert "US-JUR-1" not in rules  # the TRG advises on 1271.10(a), which is settled here


def test_an_r_tagged_route_is_flagged_borderline_and_says_so():
    outcome = classify({"contains_cells_or_tissues": False, "nucleic_acid": "chemically_synthesised"})
    assert outcome["borderline"] is True
    assert any("[R]" in note for note in outcome["notes"])


def test_it_never_raises_and_always_returns_a_schema_valid_us_part():
    rng = random.Random(20261124)
    for _ in range(2000):
        answers = random_answers(rng)["answers"]
        as_of = date(rng.randint(2000, 2035), rng.randint(1, 12), 1)
        outcome = classify(answers, as_of)
        assert list(US_PART_SCHEMA.iter_errors(outcome)) == []
        assert outcome["trace"]
        if outcome["status"] == "undetermined" and as_of >= date(2005, 5, 25):
            assert outcome["missing"], answers
        assert classify(answers, as_of) == outcome


def test_it_is_fast():
    rng = random.Random(7)
    samples = [Answers(random_answers(rng)["answers"]) for _ in range(500)]
    start = time.perf_counter()
    for answers in samples:
        us_classification(answers, as_of=DEFAULT_AS_OF)
    per_call = (time.perf_counter() - start) / len(samples)
    assert per_call < 0.001
