"""Hospital exemption (EU-HE-*), tested with hand-made EU outcomes so it does not depend on eu.py."""

import itertools
import time
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from classification.rules.core import Answers
from classification.rules.hospital_exemption import (
    CONDITIONS,
    COUNTRY_NAMES,
    HE_RULES,
    NATIONAL_SCHEMES,
    hospital_exemption_check,
)
from classification.rules.outcomes import EUOutcome
from classification.rules.questions import catalogue
from classification.rules.validation import answers_errors, load_schema

from .scenario_runner import check_part, load_scenarios, scenario_document

AS_OF = date(2026, 6, 1)
GTMP = EUOutcome(category="GTMP")
TEP = EUOutcome(category="TEP")
NOT_ATMP = EUOutcome(category="not_ATMP", not_atmp_route="chemical_MP")
UNDETERMINED = EUOutcome(category="undetermined", missing=["nucleic_acid", "contains_cells_or_tissues"])

ALL_MET = {
    "he_member_state": "ES",
    "he_non_routine": True,
    "he_specific_quality_standards": True,
    "he_used_in_same_member_state": True,
    "he_used_in_hospital": True,
    "he_physician_exclusive_responsibility": True,
    "he_individual_prescription": True,
    "he_custom_made_for_individual_patient": True,
}
CONDITION_QUESTIONS = [c.question for c in CONDITIONS]
HE_SCHEMA = Draft202012Validator(load_schema("advice")["properties"]["hospital_exemption"])


def check(answers, eu=GTMP, as_of=AS_OF):
    outcome = hospital_exemption_check(Answers(answers), as_of=as_of, eu=eu)
    data = outcome.to_dict()
    assert list(HE_SCHEMA.iter_errors(data)) == []
    assert data["trace"] and data["trace"][0]["rule"] == "EU-HE-1"
    return outcome


def rules(outcome):
    return [step.rule.id for step in outcome.trace]


# --- the rule book ----------------------------------------------------------------------


def test_the_rule_book_holds_every_rule_of_the_domain_notes():
    expected = {"EU-HE-1", "EU-HE-3", "EU-HE-4", "EU-HE-6"}
    expected |= {f"EU-HE-2.{i}" for i in range(1, 9)}
    expected |= {f"EU-HE-4.{cc}" for cc in ("DE", "ES", "FR", "IT", "NL", "BE", "FI")}
    assert HE_RULES.ids() == expected


def test_every_rule_has_a_citation_with_a_url():
    for rule in HE_RULES:
        assert rule.citation.instrument and rule.citation.provision, rule.id
        assert rule.citation.url and rule.citation.url.startswith("http"), rule.id


def test_the_italian_decree_date_is_flagged_as_unverified():
    assert HE_RULES["EU-HE-4.IT"].confidence == "R"
    outcome = check({**ALL_MET, "he_member_state": "IT"})
    assert any("not been verified" in note for note in outcome.notes)


def test_conditions_map_one_to_one_onto_the_schema_questions():
    assert [c.rule.id for c in CONDITIONS] == [f"EU-HE-2.{i}" for i in range(2, 9)]
    assert CONDITION_QUESTIONS == [
        "he_non_routine",
        "he_specific_quality_standards",
        "he_used_in_same_member_state",
        "he_used_in_hospital",
        "he_physician_exclusive_responsibility",
        "he_individual_prescription",
        "he_custom_made_for_individual_patient",
    ]


def test_country_names_cover_every_member_state_of_the_schema():
    enum = load_schema("answers")["properties"]["answers"]["properties"]["he_member_state"]["enum"]
    assert set(COUNTRY_NAMES) == set(enum) - {"unknown"}


# --- scope (EU-HE-2.1) --------------------------------------------------------------------


def test_it_does_not_apply_to_a_product_that_is_not_an_atmp():
    outcome = check(ALL_MET, eu=NOT_ATMP)
    assert outcome.status == "not_applicable"
    assert rules(outcome) == ["EU-HE-1", "EU-HE-2.1"]
    assert "ATMPs only" in outcome.trace[1].finding
    assert outcome.unmet_conditions == [] and outcome.missing == []
    assert outcome.national_route is None
    assert any("national" in s for s in outcome.next_steps)


def test_it_is_undetermined_while_the_eu_category_is_undetermined():
    outcome = check(ALL_MET, eu=UNDETERMINED)
    assert outcome.status == "undetermined"
    assert outcome.missing[:2] == ["nucleic_acid", "contains_cells_or_tissues"]
    assert "EU-HE-2.1" in rules(outcome)
    assert outcome.national_route.country == "ES"
    assert any("Art 17" in s for s in outcome.next_steps)


def test_with_an_undetermined_eu_category_a_failed_condition_is_still_reported():
    outcome = check({**ALL_MET, "he_used_in_same_member_state": False}, eu=UNDETERMINED)
    assert outcome.status == "undetermined"
    assert outcome.unmet_conditions == ["EU-HE-2.4"]
    assert any("Even if the product is an ATMP" in s for s in outcome.next_steps)


def test_it_did_not_exist_before_30_december_2008():
    outcome = check(ALL_MET, as_of=date(2008, 12, 29))
    assert outcome.status == "not_applicable"
    assert rules(outcome) == ["EU-HE-1"]
    assert check(ALL_MET, as_of=date(2008, 12, 30)).status == "eligible"


# --- the cumulative conditions (EU-HE-2.2 … 2.8) ------------------------------------------


def test_an_atmp_meeting_every_condition_is_eligible_with_a_full_trace():
    outcome = check(ALL_MET)
    assert outcome.status == "eligible"
    assert outcome.unmet_conditions == [] and outcome.missing == []
    assert rules(outcome) == [
        "EU-HE-1",
        *[f"EU-HE-2.{i}" for i in range(1, 9)],
        "EU-HE-3",
        "EU-HE-4.ES",
        "EU-HE-6",
    ]
    for step, qid in zip(outcome.trace[2:9], CONDITION_QUESTIONS, strict=True):
        assert step.answers == (qid,)


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.rule.id)
def test_each_failed_condition_makes_it_not_eligible(condition):
    outcome = check({**ALL_MET, condition.question: False}, eu=TEP)
    assert outcome.status == "not_eligible"
    assert outcome.unmet_conditions == [condition.rule.id]
    assert outcome.missing == []
    assert any(condition.rule.id in s for s in outcome.next_steps)


@pytest.mark.parametrize("value", ["unknown", None])
@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.rule.id)
def test_each_open_condition_makes_it_undetermined(condition, value):
    answers = {**ALL_MET, condition.question: value}
    if value is None:
        del answers[condition.question]
    outcome = check(answers)
    assert outcome.status == "undetermined"
    assert outcome.missing == [condition.question]
    assert outcome.unmet_conditions == []


def test_unmet_conditions_are_listed_in_rule_order():
    answers = {**ALL_MET, "he_custom_made_for_individual_patient": False, "he_non_routine": False}
    assert check(answers).unmet_conditions == ["EU-HE-2.2", "EU-HE-2.8"]


def test_a_failed_condition_is_conclusive_even_when_others_are_open():
    answers = {"he_member_state": "unknown", "he_used_in_hospital": False}
    outcome = check(answers)
    assert outcome.status == "not_eligible"
    assert outcome.unmet_conditions == ["EU-HE-2.5"]
    assert outcome.missing == []


def test_no_answers_at_all_lists_every_hospital_exemption_question_as_missing():
    outcome = check({})
    assert outcome.status == "undetermined"
    assert outcome.missing == [*CONDITION_QUESTIONS, "he_member_state"]


# --- national routes (EU-HE-3, EU-HE-4) ---------------------------------------------------

ROUTES = {
    "DE": ("Paul-Ehrlich-Institut", "§ 4b"),
    "ES": ("AEMPS", "Real Decreto 477/2014"),
    "FR": ("ANSM", "L.5121-1 17°"),
    "IT": ("AIFA", "16 January 2015"),
    "NL": ("IGJ", "art 40(3)(d)"),
    "BE": ("FAMHP", "8 January 2017"),
    "FI": ("Fimea", "15c"),
}


@pytest.mark.parametrize("country", sorted(ROUTES))
def test_each_documented_country_has_its_own_route(country):
    authority, basis = ROUTES[country]
    outcome = check({**ALL_MET, "he_member_state": country})
    route = outcome.national_route
    assert route.country == country
    assert authority in route.authority and basis in route.legal_basis
    assert route.url and route.details
    assert f"EU-HE-4.{country}" in rules(outcome) and "EU-HE-4" not in rules(outcome)
    assert "EU-HE-3" in rules(outcome)


@pytest.mark.parametrize("country", sorted(set(COUNTRY_NAMES) - set(NATIONAL_SCHEMES)))
def test_other_countries_go_to_their_national_competent_authority(country):
    outcome = check({**ALL_MET, "he_member_state": country})
    assert outcome.status == "eligible"
    assert outcome.national_route.authority == f"the national competent authority of {COUNTRY_NAMES[country]}"
    assert outcome.national_route.url is None
    assert "EU-HE-4" in rules(outcome)


@pytest.mark.parametrize("value", ["unknown", None])
def test_an_unknown_member_state_leaves_the_route_open(value):
    answers = {**ALL_MET, "he_member_state": value}
    if value is None:
        del answers["he_member_state"]
    outcome = check(answers)
    assert outcome.status == "undetermined"
    assert outcome.missing == ["he_member_state"]
    assert outcome.national_route.country == "unknown"
    assert "EU-HE-4" in rules(outcome)


def test_national_specifics_are_noted():
    spain = check(ALL_MET)
    assert any("clinical trial" in n for n in spain.notes)
    netherlands = check({**ALL_MET, "he_member_state": "NL"})
    assert any("6 weeks" in n and "1 year" in n for n in netherlands.notes)
    germany = check({**ALL_MET, "he_member_state": "DE"})
    assert any("volumes too small" in n for n in germany.notes)
    france = check({**ALL_MET, "he_member_state": "FR"})
    assert "Agence de la biomédecine" in france.national_route.details


@pytest.mark.parametrize("eu", [GTMP, NOT_ATMP, UNDETERMINED], ids=lambda e: e.category)
@pytest.mark.parametrize(
    "answers", [ALL_MET, {}, {**ALL_MET, "he_non_routine": False}], ids=["met", "empty", "fail"]
)
def test_next_steps_always_say_the_national_authority_decides_and_the_route_is_national_only(eu, answers):
    text = " ".join(check(answers, eu=eu).next_steps)
    assert "national competent authority decides" in text
    assert "national route only" in text and "never the EU as a whole" in text


def test_the_pharma_package_reform_is_noted_but_never_applied():
    outcome = check(ALL_MET)
    step = next(s for s in outcome.trace if s.rule.id == "EU-HE-6")
    assert step.finding.startswith("Not applied")
    assert outcome.trace[-1] is step
    assert any("not yet adopted" in n for n in outcome.notes)
    # Applying the reform could only add duties; today's outcome is current law.
    assert outcome.status == "eligible"


def test_a_borderline_eu_classification_is_flagged():
    outcome = check(ALL_MET, eu=EUOutcome(category="TEP", borderline=True))
    assert outcome.status == "eligible"
    assert any("borderline" in n for n in outcome.notes)


# --- robustness and speed -------------------------------------------------------------------

VALUES = [True, False, "unknown"]
EU_OUTCOMES = [
    GTMP,
    EUOutcome(category="sCTMP"),
    EUOutcome(category="TEP", combined_atmp=True, borderline=True),
    NOT_ATMP,
    UNDETERMINED,
]


def test_every_combination_of_answers_gives_a_valid_outcome():
    statuses = set()
    for values in itertools.product(VALUES, repeat=len(CONDITION_QUESTIONS)):
        answers = dict(zip(CONDITION_QUESTIONS, values, strict=True))
        for country, eu in zip(itertools.cycle(["DE", "AT", "unknown", "IT"]), EU_OUTCOMES, strict=False):
            outcome = hospital_exemption_check(
                Answers({**answers, "he_member_state": country}), as_of=AS_OF, eu=eu
            )
            assert outcome.trace and outcome.trace[0].rule.id == "EU-HE-1"
            assert outcome.next_steps
            statuses.add(outcome.status)
            if outcome.status == "eligible":
                assert eu.is_atmp and all(v is True for v in values)
            if outcome.status == "not_eligible":
                assert eu.is_atmp and outcome.unmet_conditions
    assert statuses == {"eligible", "not_eligible", "not_applicable", "undetermined"}


def test_it_is_fast():
    answers = Answers({**ALL_MET, "he_member_state": "FR"})
    start = time.perf_counter()
    for _ in range(2000):
        hospital_exemption_check(answers, as_of=AS_OF, eu=GTMP)
    per_call = (time.perf_counter() - start) / 2000
    assert per_call < 100e-6, f"{per_call * 1e6:.1f} µs per call"


# --- the he_*.yaml golden scenarios, checked against the EU category they are written for ---

SCENARIOS = [s for s in load_scenarios(Path(__file__).with_name("scenarios")) if s["_file"].startswith("he_")]

# The EU category each scenario's answers describe (see the EU domain notes, EU-ENG-6).
INTENDED_EU_CATEGORY = {
    "he_academic_car_t_made_and_used_in_a_spanish_hospital_is_eligible_via_the_aemps": "GTMP",
    "he_car_t_not_custom_made_for_one_patient_is_not_eligible": "GTMP",
    "he_car_t_shipped_to_a_hospital_in_another_member_state_is_not_eligible": "GTMP",
    "he_routine_production_given_outside_a_hospital_fails_two_conditions": "sCTMP",
    "he_product_made_without_equivalent_quality_standards_is_not_eligible": "TEP",
    "he_supply_under_a_trial_protocol_without_physician_responsibility_or_prescription_is_not_eligible": "GTMP",
    "he_unknown_non_routine_status_leaves_the_exemption_undetermined": "GTMP",
    "he_unanswered_conditions_are_listed_as_missing": "sCTMP",
    "he_a_failed_condition_outweighs_an_unknown_one": "GTMP",
    "he_does_not_apply_to_a_chemically_synthesised_oligonucleotide": "not_ATMP",
    "he_does_not_apply_to_minimally_manipulated_stem_cells_for_blood_reconstitution": "not_ATMP",
    "he_unknown_member_state_leaves_the_route_and_the_outcome_undetermined": "GTMP",
    "he_unanswered_member_state_leaves_the_outcome_undetermined": "TEP",
    "he_is_undetermined_while_the_eu_classification_is_undetermined": "undetermined",
    "he_did_not_exist_before_the_atmp_regulation_applied": "GTMP",
    "he_expanded_chondrocytes_in_a_german_hospital_go_to_the_paul_ehrlich_institut": "TEP",
    "he_msc_for_gvhd_in_a_french_hospital_go_to_the_ansm_as_mti_pp": "sCTMP",
    "he_car_t_in_an_italian_hospital_goes_to_aifa": "GTMP",
    "he_car_t_in_a_dutch_hospital_goes_to_the_igj": "GTMP",
    "he_msc_in_a_belgian_hospital_go_to_the_famhp": "sCTMP",
    "he_chondrocytes_in_a_finnish_hospital_go_to_fimea": "TEP",
    "he_car_t_in_an_austrian_hospital_goes_to_the_national_competent_authority": "GTMP",
    "he_car_t_in_a_norwegian_hospital_goes_to_the_national_competent_authority": "GTMP",
}


def test_there_are_enough_hospital_exemption_scenarios_and_each_has_an_intended_eu_category():
    assert len(SCENARIOS) >= 12
    assert sorted(s["name"] for s in SCENARIOS) == sorted(INTENDED_EU_CATEGORY)
    for scenario in SCENARIOS:
        assert set(scenario["expect"]) == {"hospital_exemption"}, scenario["name"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario_answers_are_valid_and_every_answer_could_be_asked(scenario):
    document, _ = scenario_document(scenario)
    assert answers_errors(document) == []
    _, dropped = catalogue().prune(document["answers"])
    assert dropped == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario_holds_for_its_intended_eu_category(scenario):
    document, as_of = scenario_document(scenario)
    category = INTENDED_EU_CATEGORY[scenario["name"]]
    eu = EUOutcome(category=category, missing=["nucleic_acid"] if category == "undetermined" else [])
    outcome = hospital_exemption_check(Answers(document["answers"]), as_of=as_of, eu=eu)
    failures = check_part("hospital_exemption", outcome.to_dict(), scenario["expect"]["hospital_exemption"])
    assert not failures, "\n".join(failures)


def test_the_scenarios_exercise_every_hospital_exemption_rule():
    seen = set()
    for scenario in SCENARIOS:
        document, as_of = scenario_document(scenario)
        eu = EUOutcome(category=INTENDED_EU_CATEGORY[scenario["name"]])
        outcome = hospital_exemption_check(Answers(document["answers"]), as_of=as_of, eu=eu)
        seen.update(rules(outcome))
    assert sorted(HE_RULES.ids() - seen) == []
