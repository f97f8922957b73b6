"""Hospital exemption (EU-HE-*), tested with hand-made EU outcomes so it does not depend on eu.py."""

import itertools
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from classification.rules import hospital_exemption
from classification.rules.core import Answers
from classification.rules.hospital_exemption import (
    CONDITIONS,
    COUNTRY_NAMES,
    HE_RULES,
    NATIONAL_SCHEMES,
    hospital_exemption_check,
)
from classification.rules.outcomes import EUOutcome
from classification.rules.parameters import parameter
from classification.rules.procedures import procedure
from classification.rules.questions import catalogue
from classification.rules.resolve import he_resolved
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
    expected = {"EU-HE-1", "EU-HE-3", "EU-HE-4", "EU-HE-5", "EU-HE-6"}
    expected |= {f"EU-HE-2.{i}" for i in range(1, 9)}
    expected |= {f"EU-HE-4.{cc}" for cc in ("DE", "ES", "FR", "IT", "NL", "BE", "FI")}
    assert HE_RULES.ids() == expected


def test_every_rule_has_a_citation_with_a_url():
    for rule in HE_RULES:
        assert rule.citation.instrument and rule.citation.provision, rule.id
        assert rule.citation.url and rule.citation.url.startswith("http"), rule.id


def test_no_rule_citation_or_date_is_written_in_the_module():
    source = Path(hospital_exemption.__file__).read_text(encoding="utf-8")
    for constructed in ("Citation(", "Rule(", ".rule(", "date(", '== "unknown"', "answers.get("):
        assert constructed not in source, constructed


def test_every_national_rule_has_its_route_and_every_route_its_rule():
    national_rules = {r.id for r in HE_RULES if r.id.startswith("EU-HE-4.")}
    assert {s.rule.id for s in NATIONAL_SCHEMES.values()} == national_rules
    for country, scheme in NATIONAL_SCHEMES.items():
        assert scheme.rule.id == f"EU-HE-4.{country}"
        assert scheme.authority and scheme.legal_basis and scheme.details, country


def test_the_search_tries_every_routed_country_and_one_country_without_a_route():
    search = catalogue().question("he_member_state").search_values
    assert set(NATIONAL_SCHEMES) <= set(search)
    assert len(set(search) - set(NATIONAL_SCHEMES)) == 1


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
    assert any("not relevant" in s for s in outcome.next_steps)
    assert not any("national competent authority" in s for s in outcome.next_steps)


def test_it_is_undetermined_while_the_eu_category_is_undetermined():
    outcome = check(ALL_MET, eu=UNDETERMINED)
    assert outcome.status == "undetermined"
    assert outcome.missing == ["nucleic_acid", "contains_cells_or_tissues"]
    assert "EU-HE-2.1" in rules(outcome)
    assert outcome.national_route.country == "ES"
    cat = procedure("EU-PROC-CAT-CLASSIFICATION").next_step
    assert any(s.endswith(cat) for s in outcome.next_steps)


def test_the_eu_questions_come_first_then_the_conditions_then_the_country():
    answers = {**ALL_MET, "he_used_in_hospital": "unknown", "he_member_state": "unknown"}
    outcome = check(answers, eu=UNDETERMINED)
    assert outcome.missing == [
        "nucleic_acid",
        "contains_cells_or_tissues",
        "he_used_in_hospital",
        "he_member_state",
    ]


def test_with_an_undetermined_eu_category_a_failed_condition_is_still_reported():
    outcome = check({**ALL_MET, "he_used_in_same_member_state": False}, eu=UNDETERMINED)
    assert outcome.status == "undetermined"
    assert outcome.unmet_conditions == ["EU-HE-2.4"]
    assert any("Even if the product is an ATMP" in s for s in outcome.next_steps)
    # The failed condition settles the exemption either way: only the EU questions are open.
    assert outcome.missing == UNDETERMINED.missing


def test_with_an_undetermined_eu_category_and_a_failed_condition_other_open_answers_are_not_needed():
    answers = {"he_used_in_same_member_state": False, "he_member_state": "unknown"}
    outcome = check(answers, eu=UNDETERMINED)
    assert outcome.missing == UNDETERMINED.missing


HE_APPLIES_FROM = next(d for d, _, after in parameter("eu.atmp_regulation_applies").edges() if after is True)


def test_the_exemption_applies_from_the_date_of_the_atmp_regulation():
    assert HE_APPLIES_FROM == date(2008, 12, 30)  # Art 30 of Regulation (EC) No 1394/2007


def test_it_did_not_exist_the_day_before_30_december_2008():
    outcome = check(ALL_MET, as_of=HE_APPLIES_FROM - timedelta(days=1))
    assert outcome.status == "not_applicable"
    assert rules(outcome) == ["EU-HE-1"]
    assert "did not yet exist" in outcome.trace[0].finding
    assert "30 December 2008" in outcome.trace[0].finding
    assert outcome.missing == [] and outcome.national_route is None


def test_it_applies_on_30_december_2008():
    outcome = check(ALL_MET, as_of=HE_APPLIES_FROM)
    assert outcome.status == "eligible"
    assert "EU-HE-2.1" in rules(outcome)


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
    # The next steps name the condition in words, not by its rule id.
    assert any(condition.rule.title.lower() in s.lower() for s in outcome.next_steps)
    assert not any(condition.rule.id in s for s in outcome.next_steps)
    assert "EU-HE-5" in rules(outcome)


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
    open_step = next(s for s in outcome.trace if s.rule.id == "EU-HE-2.2")
    assert "does not change the outcome" in open_step.finding


def test_an_open_condition_is_never_read_as_met_or_not_met():
    for value in ("unknown", None):
        outcome = check({**ALL_MET, "he_non_routine": value})
        assert outcome.status == "undetermined"
        assert outcome.unmet_conditions == []
        assert "EU-HE-5" not in rules(outcome)


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
    assert "6 weeks" in netherlands.national_route.details and "1 year" in netherlands.national_route.details
    assert any("48 hours" in n for n in netherlands.notes)
    assert any(s.finding.startswith("In the Netherlands") for s in netherlands.trace)
    germany = check({**ALL_MET, "he_member_state": "DE"})
    assert any("volumes too small" in n for n in germany.notes)
    france = check({**ALL_MET, "he_member_state": "FR"})
    assert "Agence de la biomédecine" in france.national_route.details


@pytest.mark.parametrize("eu", [GTMP, UNDETERMINED], ids=lambda e: e.category)
@pytest.mark.parametrize(
    "answers", [ALL_MET, {}, {**ALL_MET, "he_non_routine": False}], ids=["met", "empty", "fail"]
)
def test_next_steps_say_the_national_authority_decides_and_the_route_is_national_only(eu, answers):
    text = " ".join(check(answers, eu=eu).next_steps)
    assert "national competent authority decides" in text
    assert "national route only" in text and "never the EU as a whole" in text


@pytest.mark.parametrize(
    "answers", [ALL_MET, {}, {**ALL_MET, "he_non_routine": False}], ids=["met", "empty", "fail"]
)
def test_a_product_that_is_not_an_atmp_is_not_sent_to_the_national_authority(answers):
    outcome = check(answers, eu=NOT_ATMP)
    assert outcome.status == "not_applicable"
    text = " ".join(outcome.next_steps)
    assert "not relevant" in text and "national competent authority decides" not in text


def test_the_pharma_package_reform_is_noted_but_never_applied():
    outcome = check(ALL_MET)
    step = next(s for s in outcome.trace if s.rule.id == "EU-HE-6")
    assert step.finding.startswith("Not applied")
    assert outcome.trace[-1] is step
    assert any(n.startswith("Watch:") and "not adopted" in n for n in outcome.notes)
    # Applying the reform could only add duties; today's outcome is current law.
    assert outcome.status == "eligible"


REFORM = parameter("eu.pharma_package_stage")


def _reform_step(as_of):
    return next((s for s in check(ALL_MET, as_of=as_of).trace if s.rule.id == "EU-HE-6"), None)


def test_the_reform_statement_is_dated_and_says_which_text_it_describes():
    step = _reform_step(date(2026, 12, 3))
    for words in (
        "proposed on 26 April 2023",
        "COM(2023) 192",
        "Parliament's first-reading position of 10 April 2024",
        "provisional political agreement on 11 December 2025",
        "compromise text was published on 6 March 2026",
        "not verified",
        "not the agreed text",
        "last checked on 3 December 2026",
    ):
        assert words in step.finding, words
    assert step.extra["status"] == "politically_agreed_not_adopted"
    assert REFORM.verified_on == date(2026, 12, 3)


def test_before_the_commission_proposal_there_is_no_reform_to_note():
    proposal = REFORM.dates[1]
    assert proposal == date(2023, 4, 26)
    assert _reform_step(proposal - timedelta(days=1)) is None
    assert not any(
        "pharmaceutical package" in n for n in check(ALL_MET, as_of=proposal - timedelta(days=1)).notes
    )
    step = _reform_step(proposal)
    assert step.extra["status"] == "proposed"
    assert "Parliament" not in step.finding


@pytest.mark.parametrize(("when", "before", "after"), REFORM.edges(), ids=[str(e[0]) for e in REFORM.edges()])
def test_each_reform_text_is_named_from_its_date_and_not_the_day_before(when, before, after):
    words = {
        "proposed": "COM(2023) 192",
        "parliament_position": "first-reading position",
        "politically_agreed": "political agreement",
        "compromise_text": "compromise text",
    }[after]
    day_before = _reform_step(when - timedelta(days=1))
    assert day_before is None or words not in day_before.finding
    assert words in _reform_step(when).finding
    expected = (
        "proposed" if after in {"proposed", "parliament_position"} else "politically_agreed_not_adopted"
    )
    assert _reform_step(when).extra["status"] == expected


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


RULE_ID = re.compile(r"\b(EU|US|UK|JP)-[A-Z]+-\d")


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
                assert eu.is_atmp and outcome.unmet_conditions and outcome.missing == []
            if outcome.status == "undetermined":
                assert outcome.missing or (not eu.is_atmp and not eu.missing)
            # Users read words: no rule id stands in for a sentence.
            for text in [*outcome.next_steps, *outcome.notes, *(s.finding for s in outcome.trace)]:
                assert not RULE_ID.search(text), text
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
    "he_an_unknown_member_state_does_not_block_eligibility_every_country_shares": "GTMP",
    "he_an_unanswered_member_state_does_not_block_eligibility_every_country_shares": "TEP",
    "he_is_undetermined_while_the_eu_classification_is_undetermined": "undetermined",
    "he_did_not_exist_the_day_before_the_atmp_regulation_applied": "GTMP",
    "he_applies_from_the_day_the_atmp_regulation_applies": "GTMP",
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
    """The scenarios describe the advice (after decisive reasoning over the open answers), so the
    strict check runs here through the same walk, with the EU outcome the answers are written for."""
    document, as_of = scenario_document(scenario)
    category = INTENDED_EU_CATEGORY[scenario["name"]]
    eu = EUOutcome(category=category, missing=["nucleic_acid"] if category == "undetermined" else [])
    outcome = he_resolved(Answers(document["answers"]), as_of=as_of, eu_strict=lambda _answers: eu)
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
