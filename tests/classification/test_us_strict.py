"""The US engine is strict and honest (DESIGN.md §3): it lists every open question it needs, never
decides what an open answer could change, gives the final answer once every question is answered,
and reads its dates from the register and the parameters. Also the texts that change on a date,
the products without cells (US-351-3, US-351-4) and the words users read."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classification.rules.core import UNKNOWN, Answers
from classification.rules.parameters import PARAMETERS, param
from classification.rules.procedures import procedure
from classification.rules.questions import catalogue
from classification.rules.resolve import us_resolved
from classification.rules.us import US_RULES, us_classification

QUESTIONS = {q.id: q for q in catalogue().questions}
US_SECTIONS = {"product", "nucleic_acids", "cells", "manipulation", "function", "devices", "united_states"}
UNKNOWABLE = sorted(
    qid
    for qid, q in QUESTIONS.items()
    if q.allow_unknown and q.type in {"boolean", "choice"} and q.section in US_SECTIONS
)
_REGIME = PARAMETERS["us.hctp_regime_complete"]
REGIME = next(d for d, v in zip(_REGIME.dates, _REGIME.values, strict=True) if v)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _given_value(question):
    if question.type == "boolean":
        return st.booleans()
    if question.type == "choice":
        return st.sampled_from([c.value for c in question.choices if c.value != UNKNOWN])
    if question.type == "multichoice":
        return st.lists(st.sampled_from([c.value for c in question.choices]), unique=True, max_size=4)
    if question.type == "integer":
        return st.none() | st.integers(min_value=0, max_value=1_000_000)
    return st.none() | st.floats(min_value=0, max_value=50, allow_nan=False)


complete_answers = st.fixed_dictionaries({qid: _given_value(q) for qid, q in QUESTIONS.items()})
# Answers as a wizard leaves them: some questions skipped, some "I don't know".
partial_answers = st.fixed_dictionaries(
    {},
    optional={
        qid: (_given_value(q) | st.just(UNKNOWN)) if q.allow_unknown else _given_value(q)
        for qid, q in QUESTIONS.items()
    },
)
dates = st.dates(min_value=REGIME, max_value=date(2030, 12, 31))


def _every_value(qid):
    question = QUESTIONS[qid]
    if question.type == "boolean":
        return [True, False]
    return [c.value for c in question.choices if c.value != UNKNOWN]


def strict(answers, as_of=date(2026, 6, 1)):
    return us_classification(Answers(answers), as_of=as_of)


# --- strictness ----------------------------------------------------------------------------------


@PROPERTY
@given(answers=complete_answers, as_of=dates)
def test_with_every_question_answered_the_strict_engine_gives_the_final_answer(answers, as_of):
    outcome = strict(answers, as_of)
    assert outcome.missing == []
    assert outcome.status != "undetermined"
    assert outcome.combination_product is not None


@PROPERTY
@given(answers=complete_answers, qid=st.sampled_from(UNKNOWABLE), as_of=dates)
def test_the_strict_engine_never_decides_what_an_open_answer_could_change(answers, qid, as_of):
    outcome = strict({**answers, qid: UNKNOWN}, as_of)
    each = {
        (o.status, o.combination_product)
        for o in (strict({**answers, qid: value}, as_of) for value in _every_value(qid))
    }
    if outcome.status != "undetermined":
        assert each == {(outcome.status, outcome.combination_product)}, (qid, each)
        assert qid not in outcome.missing
    if len({status for status, _ in each}) > 1:
        assert outcome.status == "undetermined" and qid in outcome.missing


@PROPERTY
@given(answers=partial_answers, as_of=dates)
def test_an_undetermined_status_names_its_open_questions_and_only_open_ones(answers, as_of):
    outcome = strict(answers, as_of)
    assert all(Answers(answers).is_open(q) for q in outcome.missing), outcome.missing
    assert bool(outcome.missing) == (outcome.status == "undetermined")
    if outcome.status == "undetermined":
        rules = {s.rule.id for s in outcome.trace}
        assert "US-CP-4" in rules and "US-CP-3" in rules
        assert any(procedure("US-PROC-RFD").next_step == step for step in outcome.next_steps)


@PROPERTY
@given(answers=complete_answers, qid=st.sampled_from(UNKNOWABLE), as_of=dates)
def test_after_decisive_reasoning_an_unknown_answer_decides_exactly_what_all_its_answers_share(
    answers, qid, as_of
):
    resolved = us_resolved(Answers({**answers, qid: UNKNOWN}), as_of=as_of)
    statuses = {strict({**answers, qid: value}, as_of).status for value in _every_value(qid)}
    if len(statuses) == 1:
        assert resolved.status == next(iter(statuses))
    else:
        assert resolved.status == "undetermined"


# --- dates ---------------------------------------------------------------------------------------


@PROPERTY
@given(answers=partial_answers, as_of=dates)
def test_no_step_cites_a_rule_that_is_not_in_force(answers, as_of):
    for step in strict(answers, as_of).trace:
        assert step.rule.in_force(as_of), (step.rule.id, as_of)


SIBLING_CORD_BLOOD = {
    "contains_cells_or_tissues": True,
    "cell_origin": "allogeneic",
    "manipulations": ["centrifugation"],
    "integral_medical_device": False,
    "nucleic_acid": "none",
    "genome_editing": False,
    "us_excluded_article": "none",
    "us_tissue_type": "nonstructural",
    "us_minimally_manipulated": True,
    "us_homologous_use": True,
    "us_combined_with_other_article": False,
    "us_systemic_or_metabolic": True,
    "us_donor_relationship": "first_or_second_degree_relative",
}
EXPANDED_MSC = {
    **SIBLING_CORD_BLOOD,
    "manipulations": ["expansion"],
    "us_minimally_manipulated": False,
    "us_donor_relationship": "unrelated",
}


def _finding(outcome, rule_id):
    return " ".join(s.finding for s in outcome.trace if s.rule.id == rule_id)


def test_before_part_1271_and_before_the_complete_regime_the_engine_says_why_it_does_not_classify():
    start = US_RULES["US-DEF-1"].in_force_from
    before, on = strict(SIBLING_CORD_BLOOD, start - timedelta(days=1)), strict(SIBLING_CORD_BLOOD, start)
    text = _finding(before, "US-DEF-1")
    assert "did not exist yet" in text and "4 April 2001" in text
    assert "complete from 25 May 2005" in _finding(on, "US-DEF-1")
    assert before.status == on.status == "undetermined" and before.missing == on.missing == []
    assert any("25 May 2005" in step for step in on.next_steps)


def test_the_hctp_regime_edge_is_the_parameter_date():
    assert param("us.hctp_regime_complete", REGIME - timedelta(days=1)) is False
    assert strict(SIBLING_CORD_BLOOD, REGIME - timedelta(days=1)).status == "undetermined"
    assert strict(SIBLING_CORD_BLOOD, REGIME).status == "361_hctp"


@pytest.mark.parametrize(
    ("when", "office"),
    [
        (date(2016, 10, 15), "Office of Cellular, Tissue and Gene Therapies (OCTGT"),
        (date(2016, 10, 16), "Office of Tissues and Advanced Therapies (OTAT"),
        (date(2022, 9, 15), "Office of Tissues and Advanced Therapies (OTAT"),
        (date(2022, 9, 16), "Office of Therapeutic Products (OTP)"),
    ],
)
def test_the_cber_office_is_named_as_it_was_on_the_date(when, office):
    outcome = strict(EXPANDED_MSC, when)
    assert outcome.status == "351_biologic"
    assert office in _finding(outcome, "US-ORG-1")
    assert param("us.cber_cell_gene_office", when).startswith(office)


def test_before_the_pmoa_rule_the_statute_assigns_the_lead_centre():
    scaffold = {**EXPANDED_MSC, "us_combined_with_other_article": True, "us_primary_mode_of_action": "device"}
    start = US_RULES["US-CP-2"].in_force_from
    before, on = strict(scaffold, start - timedelta(days=1)), strict(scaffold, start)
    assert before.status == on.status == "device" and before.lead_center == on.lead_center == "CDRH"
    assert "Safe Medical Devices Act of 1990" in _finding(before, "US-CP-1")
    assert "US-CP-2" not in {s.rule.id for s in before.trace}
    assert "US-CP-2" in {s.rule.id for s in on.trace}


def test_the_enforcement_discretion_step_names_its_last_day():
    outcome = strict(EXPANDED_MSC, date(2020, 1, 1))
    assert "31 May 2021" in _finding(outcome, "US-JUR-2")


# --- words ---------------------------------------------------------------------------------------

QUESTION_IDS = re.compile(
    r"\b(" + "|".join(sorted((q for q in QUESTIONS if "_" in q), key=len, reverse=True)) + r")\b"
)


@PROPERTY
@given(answers=partial_answers, as_of=dates)
def test_findings_notes_and_next_steps_never_show_a_question_id(answers, as_of):
    outcome = strict(answers, as_of)
    for text in [*(s.finding for s in outcome.trace), *outcome.notes, *outcome.next_steps]:
        assert not QUESTION_IDS.search(text), text


def test_the_undetermined_path_names_the_open_points_in_words_with_the_tissue_reference_group():
    outcome = strict({**SIBLING_CORD_BLOOD, "us_donor_relationship": UNKNOWN})
    assert outcome.status == "undetermined" and outcome.missing == ["us_donor_relationship"]
    jur = _finding(outcome, "US-JUR-1")
    assert "How is the donor related to the patient?" in jur
    assert procedure("US-PROC-TRG").next_step in outcome.next_steps
    assert procedure("US-PROC-PRE-RFD").next_step in outcome.next_steps
    assert any("How is the donor related to the patient?" in s for s in outcome.next_steps)


def test_us_cp_4_cites_the_pre_rfd_guidance_of_the_procedure():
    rule, proc = US_RULES["US-CP-4"], procedure("US-PROC-PRE-RFD")
    assert rule.citation.url == proc.citation.url


def test_the_svf_finding_names_the_ninth_circuit_decision():
    svf = {
        **SIBLING_CORD_BLOOD,
        "cell_origin": "autologous",
        "manipulations": ["enzymatic_digestion", "cell_separation"],
        "us_tissue_type": "structural",
        "us_same_surgical_procedure": True,
        "us_minimally_manipulated": False,
        "us_homologous_use": False,
    }
    outcome = strict(svf)
    assert outcome.status == "351_biologic"
    finding = _finding(outcome, "US-EXC-1")
    assert "No. 22-56014" in finding and "27 September 2024" in finding and "14 October 2025" in finding


# --- products without cells --------------------------------------------------------------------

EXOSOMES = {
    "medicinal_purpose": True,
    "nucleic_acid": "none",
    "genome_editing": False,
    "contains_cells_or_tissues": False,
    "integral_medical_device": False,
    "us_excluded_article": "secreted_or_extracted_product",
    "us_primary_mode_of_action": "biologic",
}


def test_exosomes_are_a_351_biologic_needing_an_ind_and_a_bla():
    outcome = strict(EXOSOMES)
    assert (outcome.status, outcome.lead_center, outcome.combination_product) == (
        "351_biologic",
        "CBER",
        False,
    )
    assert "US-351-3" in {s.rule.id for s in outcome.trace}
    assert US_RULES["US-351-3"].citation.url.startswith("https://www.fda.gov/")
    steps = " ".join(outcome.next_steps)
    assert "IND" in steps and "Biologics License Application" in steps


def test_a_collagen_filler_acting_by_physical_means_is_a_device_whatever_its_medical_claim():
    for medicinal in (True, False, UNKNOWN):
        outcome = strict({**EXOSOMES, "medicinal_purpose": medicinal, "us_primary_mode_of_action": "device"})
        assert (outcome.status, outcome.lead_center) == ("device", "CDRH")
        assert "201(h)" in _finding(outcome, "US-351-4")


def test_an_exosome_product_whose_purpose_is_unknown_stays_undetermined_after_decisive_reasoning():
    resolved = us_resolved(Answers({**EXOSOMES, "medicinal_purpose": UNKNOWN}), as_of=date(2026, 6, 1))
    assert resolved.status == "undetermined"
    assert resolved.decisive == ["medicinal_purpose"]


def test_a_cell_free_product_without_a_class_answer_waits_for_it():
    """The class question is asked of cell-free products without a nucleic acid: whether the
    product is derived from human cells or tissues decides between a 351 biologic and another
    framework."""
    answers = {k: v for k, v in EXOSOMES.items() if k != "us_excluded_article"}
    outcome = strict(answers)
    assert outcome.status == "undetermined" and outcome.missing == ["us_excluded_article"]
    resolved = us_resolved(Answers(answers), as_of=date(2026, 6, 1))
    assert resolved.status == "undetermined" and "us_excluded_article" in resolved.decisive
