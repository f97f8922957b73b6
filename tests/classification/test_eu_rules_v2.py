"""The EU rules after rules engine v2: rules as data, one Run, dates as parameters, procedures
defined once, strict open questions, and the 2025–2026 law (SoHO Regulation, pharmaceutical package)."""

import ast
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from classification.rules import eu
from classification.rules.core import UNKNOWN, Answers, load_register
from classification.rules.eu import CAT, EU_RULES, SOHO_STATUS, eu_classification
from classification.rules.parameters import parameter
from classification.rules.questions import catalogue
from tests.products import CAR_T, HSC

EU_SOURCE = Path(eu.__file__).read_text(encoding="utf-8")
AS_OF = date(2026, 6, 1)
SOHO_DAY = date(2027, 8, 7)


def classify(answers, as_of=AS_OF):
    return eu_classification(Answers(answers), as_of=as_of)


def rules(outcome):
    return [s.rule.id for s in outcome.trace]


# --- rules as data, one way to hold run state and to ask -------------------------------------


def test_every_eu_rule_is_an_entry_of_the_register_and_none_is_built_in_python():
    assert EU_RULES.ids() == load_register("eu").ids()
    assert {"EU-CLS-1.date", "EU-CLS-8.SoHO", "EU-CLS-10", "EU-CLS-12", "EU-CLS-8.SoHO-13"} <= EU_RULES.ids()
    tree = ast.parse(EU_SOURCE)
    calls = {
        getattr(node.func, "attr", getattr(node.func, "id", None))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not calls & {"rule", "Rule", "RuleBook"}


def test_the_rules_ask_through_the_answers_api_and_hold_state_in_one_run():
    assert "_Run" not in EU_SOURCE and "def _open" not in EU_SOURCE
    assert '"unknown"' not in EU_SOURCE and ".get(" not in EU_SOURCE
    assert "SOHO_START" not in EU_SOURCE and "ATMP_REGULATION_APPLIES" not in EU_SOURCE


def test_eu_cls_11_has_one_citation_the_procedures():
    assert EU_RULES["EU-CLS-11"].citation.provision.startswith("Art 17; EMA/CAT/99623/2009 Rev.2")
    assert EU_RULES["EU-CLS-11"].citation.url == CAT.citation.url


def test_the_cat_sentence_comes_from_the_procedure_and_is_written_nowhere_in_eu_py():
    assert "60 days" not in EU_SOURCE and "free of charge" not in EU_SOURCE
    outcome = classify({**CAR_T, "intended_purpose": UNKNOWN, "nucleic_acid": "none"})
    assert outcome.category == "undetermined"
    assert outcome.next_steps[0] == CAT.next_step


@pytest.mark.parametrize(
    ("parameter_name", "rule_ids"),
    [
        (
            "eu.soho_regulation_applies",
            ["EU-CLS-8.SoHO", "EU-CLS-8.SoHO-2-5b", "EU-CLS-8.SoHO-2-6", "EU-CLS-8.SoHO-13"],
        ),
        ("eu.soho_regulation_applies", ["EU-CLS-8", "EU-CLS-8.Dir-2-2a", "EU-CLS-8.ATMP-3"]),
    ],
)
def test_the_registers_in_force_dates_agree_with_the_parameter_the_engine_reads(parameter_name, rule_ids):
    p = parameter(parameter_name)
    switch = p.dates[p.values.index(True)]
    for rule_id in rule_ids:
        rule = EU_RULES[rule_id]
        assert switch in (rule.in_force_from, rule.in_force_until), rule_id
        assert rule.in_force(switch) is (rule.in_force_from == switch), rule_id


def test_findings_are_sentences_not_ids():
    qids = {q.id for q in catalogue().questions if "_" in q.id}
    answers = [
        CAR_T,
        HSC,
        {},
        {**CAR_T, "integral_medical_device": UNKNOWN, "genome_editing": UNKNOWN},
        {**HSC, "cell_origin": "autologous", "manipulations": [], "us_same_surgical_procedure": UNKNOWN},
        {
            "medicinal_purpose": True,
            "nucleic_acid": "chemically_synthesised",
            "contains_cells_or_tissues": False,
        },
    ]
    for values in answers:
        for as_of in (AS_OF, SOHO_DAY):
            outcome = classify(values, as_of)
            for text in [s.finding for s in outcome.trace] + outcome.notes + outcome.next_steps:
                assert "EU-CLS" not in text, text
                assert not [q for q in qids if re.search(rf"\b{q}\b", text)], text


# --- strict: open questions, exactly those needed, in order ------------------------------------


def test_an_empty_answer_set_lists_the_questions_needed_in_the_order_met():
    assert classify({}).missing == [
        "medicinal_purpose",
        "nucleic_acid",
        "genome_editing",
        "contains_cells_or_tissues",
    ]


def test_a_gtmp_does_not_wait_for_the_answers_that_only_tell_sctmp_from_tep():
    outcome = classify(
        {**CAR_T, "same_essential_function": UNKNOWN, "intended_purpose": UNKNOWN, "manipulations": None}
    )
    assert outcome.category == "GTMP" and outcome.missing == []
    assert "EU-CLS-6.4" not in rules(outcome)


def test_unknown_viability_is_the_one_open_question_of_the_cells_test():
    outcome = classify({**HSC, "cells_viable": UNKNOWN, "manipulations": ["cutting", "freezing"]})
    assert outcome.category == "undetermined" and outcome.missing == ["cells_viable"]


def test_an_unknown_vaccine_answer_leaves_the_framework_open_not_guessed():
    outcome = classify(
        {
            "medicinal_purpose": True,
            "nucleic_acid": "recombinant",
            "nucleic_acid_acts_on_genetic_sequence": False,
            "infectious_disease_vaccine": UNKNOWN,
            "genome_editing": False,
            "contains_cells_or_tissues": False,
        }
    )
    assert outcome.category == "not_ATMP" and outcome.not_atmp_route is None and outcome.framework is None
    assert outcome.missing == ["infectious_disease_vaccine"]


def test_combined_atmp_is_none_not_false_while_the_device_question_is_open():
    outcome = classify({**CAR_T, "integral_medical_device": UNKNOWN})
    assert outcome.category == "GTMP" and outcome.combined_atmp is None and not outcome.borderline
    assert outcome.missing == ["integral_medical_device"]
    assert classify({**CAR_T, "integral_medical_device": True}).combined_atmp is True
    assert classify(CAR_T).combined_atmp is False


# --- dates -------------------------------------------------------------------------------------


def test_before_the_atmp_regulation_applied_no_cat_request_is_suggested():
    before = classify(CAR_T, date(2008, 12, 29))
    assert before.category == "undetermined" and before.next_steps == [] and not before.borderline
    assert "30 December 2008" in before.trace[0].finding
    assert classify(CAR_T, date(2008, 12, 30)).category == "GTMP"


# --- SoHO Regulation (EU) 2024/1938 from 7 August 2027 -----------------------------------------

GRAFT = {**HSC, "cell_origin": "autologous", "manipulations": [], "us_same_surgical_procedure": True}


def test_autologous_cells_neither_processed_nor_stored_are_outside_the_soho_regulation_from_its_first_day():
    after = classify(GRAFT, SOHO_DAY)
    assert after.framework.name.startswith("Outside Regulation (EU) 2024/1938")
    assert "national law" in after.framework.name
    assert after.framework.citation == EU_RULES["EU-CLS-8.SoHO-2-5b"].citation
    before = classify(GRAFT, SOHO_DAY - timedelta(days=1))
    assert before.framework.name.startswith("Outside Directive 2004/23/EC")
    assert rules(before)[-1] == "EU-CLS-8.Dir-2-2a"


def test_when_the_answers_do_not_tell_whether_autologous_cells_are_processed_or_stored_a_note_says_so():
    outcome = classify({**GRAFT, "us_same_surgical_procedure": UNKNOWN}, SOHO_DAY)
    assert outcome.framework.name.startswith("Regulation (EU) 2024/1938")
    assert outcome.missing == []  # it does not change the classification: a note, not a question
    assert any("Art 2(5)(b)" in note and "do not tell" in note for note in outcome.notes)
    before = classify({**GRAFT, "us_same_surgical_procedure": UNKNOWN}, SOHO_DAY - timedelta(days=1))
    assert any("Art 2(2)(a)" in note for note in before.notes)


def test_allogeneic_cells_carry_no_autologous_scope_note():
    outcome = classify(HSC, SOHO_DAY)
    assert outcome.notes == [] and rules(outcome)[-1] == "EU-CLS-8.SoHO"


@pytest.mark.parametrize("origin", ["autologous", "allogeneic", "autologous_and_allogeneic"])
def test_starting_material_of_an_atmp_follows_the_soho_regulation_from_7_august_2027(origin):
    after = classify({**CAR_T, "cell_origin": origin}, SOHO_DAY)
    [step] = [s for s in after.trace if s.rule.id == "EU-CLS-8.SoHO-2-6"]
    if origin == "autologous":  # Art 2(7): only testing and collection
        assert "only the rules of Regulation (EU) 2024/1938 on testing and collection" in step.finding
        assert "Art 2(7)" in step.finding and "donor registration" not in step.finding
    else:  # Art 2(6)
        assert (
            "donor registration, donor history review and medical examination, testing, collection"
            in step.finding
        )
        assert "up to their distribution to the manufacturer (Art 2(6))" in step.finding
    before = classify({**CAR_T, "cell_origin": origin}, SOHO_DAY - timedelta(days=1))
    [step] = [s for s in before.trace if s.rule.id == "EU-CLS-8.ATMP-3"]
    assert "donation, procurement and testing" in step.finding and "Directive 2004/23/EC" in step.finding
    assert "EU-CLS-8.SoHO-2-6" not in rules(before)


DIGESTED = {
    **HSC,
    "manipulations": ["enzymatic_digestion"],
    "other_manipulation_alters_characteristics": UNKNOWN,
}


def test_a_soho_medicine_borderline_gets_the_article_13_consultation_beside_the_cat_from_7_august_2027():
    after = classify(DIGESTED, SOHO_DAY)
    assert after.category == "undetermined"
    assert after.next_steps[:2] == [CAT.next_step, SOHO_STATUS.next_step]
    assert "EU-CLS-8.SoHO-13" in rules(after)
    before = classify(DIGESTED, SOHO_DAY - timedelta(days=1))
    assert SOHO_STATUS.next_step not in before.next_steps and "EU-CLS-8.SoHO-13" not in rules(before)


def test_a_gtmp_is_no_soho_medicine_borderline():
    outcome = classify(
        {**CAR_T, "manipulations": ["enzymatic_digestion"], "same_essential_function": True}, SOHO_DAY
    )
    assert SOHO_STATUS.next_step not in outcome.next_steps


# --- EU-CLS-12: the pharmaceutical package -----------------------------------------------------

ASO = {
    "medicinal_purpose": True,
    "nucleic_acid": "chemically_synthesised",
    "genome_editing": False,
    "infectious_disease_vaccine": False,
    "contains_cells_or_tissues": False,
}


def _package_step(as_of):
    steps = [s for s in classify(ASO, as_of).trace if s.rule.id == "EU-CLS-12"]
    return steps[0].finding if steps else None


def test_the_pharmaceutical_package_statement_is_dated_and_says_which_text_it_describes():
    finding = _package_step(AS_OF)
    assert finding.startswith("As checked on 3 December 2026")
    assert "politically agreed on 11 December 2025" in finding
    assert "compromise text was published on 6 March 2026" in finding
    assert "formal adoption" in finding and "could not be confirmed" in finding
    assert "Commission's proposal of 26 April 2023" in finding and "has not been verified" in finding
    assert "not applied" in finding
    assert EU_RULES["EU-CLS-12"].confidence == "R"
    assert EU_RULES["EU-CLS-12"].verified_on == date(2026, 12, 3)


def test_the_pharmaceutical_package_statement_follows_the_stage_on_the_date_asked():
    assert _package_step(date(2023, 4, 25)) is None
    proposal = _package_step(date(2024, 6, 1))
    assert proposal.startswith("On this date the EU pharmaceutical package was a Commission proposal")
    assert "agreed" not in proposal
    agreed = _package_step(date(2026, 1, 15))
    assert "politically agreed" in agreed and "compromise text" not in agreed
    assert "is not known" in _package_step(date(2027, 1, 1))


def test_the_pharmaceutical_package_never_changes_the_outcome():
    for as_of in (date(2022, 1, 1), AS_OF, date(2029, 1, 1)):
        outcome = classify(ASO, as_of)
        assert outcome.category == "not_ATMP" and outcome.not_atmp_route == "chemical_medicinal_product"
        assert not outcome.borderline
