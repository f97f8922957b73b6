"""Decisive reasoning: an "I don't know" that cannot change an outcome never blocks it, and one
that can never lets the engine decide (DESIGN.md §3)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from classification.rules.core import UNKNOWN, Answers
from classification.rules.decisive import assumptions, branch_values, explore
from classification.rules.engine import classify
from classification.rules.eu import eu_classification
from classification.rules.questions import catalogue
from classification.rules.validation import advice_errors
from pathways.rules import advise
from tests.products import CAR_T, CHONDROCYTES, HSC

AS_OF = date(2026, 6, 1)
QUESTIONS = {q.id: q for q in catalogue().questions}
CLASSIFYING_SECTIONS = {"product", "nucleic_acids", "cells", "manipulation", "function", "devices", "united_states"}


def _given_value(question):
    """Every answer a question can be given, "I don't know" excepted."""
    if question.type == "boolean":
        return st.booleans()
    if question.type == "choice":
        return st.sampled_from([c.value for c in question.choices if c.value != UNKNOWN])
    if question.type == "multichoice":
        return st.lists(st.sampled_from([c.value for c in question.choices]), unique=True, max_size=4)
    if question.type == "integer":
        return st.none() | st.integers(min_value=0, max_value=1_000_000)
    return st.none() | st.floats(min_value=0, max_value=50, allow_nan=False)


# Complete answers: every question of the catalogue answered, as a user who knows the product.
complete_answers = st.fixed_dictionaries({qid: _given_value(q) for qid, q in QUESTIONS.items()})
UNKNOWABLE = sorted(qid for qid, q in QUESTIONS.items() if q.allow_unknown and q.type in {"boolean", "choice"})
CLASSIFYING_UNKNOWABLE = [q for q in UNKNOWABLE if QUESTIONS[q].section in CLASSIFYING_SECTIONS]
HE_UNKNOWABLE = [q for q in UNKNOWABLE if QUESTIONS[q].section == "hospital_exemption"]
PROPERTY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _every_choice(qid):
    question = QUESTIONS[qid]
    if question.type == "boolean":
        return [True, False]
    return [c.value for c in question.choices if c.value != UNKNOWN]


def _outcomes(answers, qid, as_of):
    """(EU category, US status, HE status) for each answer to ``qid``, and for "I don't know"."""

    def main(values):
        result = classify({"schema_version": "1", "answers": values}, as_of=as_of, validate=False)
        return result.eu.category, result.us.status, result.hospital_exemption.status

    each = [main({**answers, qid: value}) for value in _every_choice(qid)]
    return each, main({**answers, qid: UNKNOWN})


def _check(each, unknown, part):
    values = {outcome[part] for outcome in each}
    if len(values) == 1:
        assert unknown[part] == next(iter(values)), (part, values, unknown)
    else:
        assert unknown[part] == "undetermined", (part, values, unknown)


dates = st.dates(min_value=date(2008, 1, 1), max_value=date(2030, 12, 31))


@PROPERTY
@given(answers=complete_answers, qid=st.sampled_from(CLASSIFYING_UNKNOWABLE), as_of=dates)
def test_an_unknown_answer_decides_exactly_what_all_its_answers_share(answers, qid, as_of):
    each, unknown = _outcomes(answers, qid, as_of)
    _check(each, unknown, 0)  # EU category
    _check(each, unknown, 1)  # US status


@PROPERTY
@given(answers=complete_answers, qid=st.sampled_from(HE_UNKNOWABLE + CLASSIFYING_UNKNOWABLE), as_of=dates)
def test_an_unknown_answer_decides_the_hospital_exemption_exactly_when_all_its_answers_agree(answers, qid, as_of):
    each, unknown = _outcomes(answers, qid, as_of)
    _check(each, unknown, 2)


@PROPERTY
@given(
    answers=complete_answers,
    open_questions=st.lists(st.sampled_from(CLASSIFYING_UNKNOWABLE), min_size=2, max_size=3, unique=True),
)
def test_several_unknown_answers_decide_only_what_every_combination_shares(answers, open_questions):
    """With two or three open questions, an outcome is decided only if every combination of their
    answers (checked here by brute force) gives it."""
    import itertools

    combos = itertools.product(*(_every_choice(q) for q in open_questions))
    each = set()
    for values in combos:
        filled = {**answers, **dict(zip(open_questions, values, strict=True))}
        each.add(classify({"schema_version": "1", "answers": filled}, as_of=AS_OF, validate=False).eu.category)
    unknown = {**answers, **{q: UNKNOWN for q in open_questions}}
    found = explore(lambda a: eu_classification(a, as_of=AS_OF), Answers(unknown), lambda o: o.category)
    assume(found.exhaustive)
    category = classify({"schema_version": "1", "answers": unknown}, as_of=AS_OF, validate=False).eu.category
    if len(each) == 1:
        assert category == next(iter(each))
    else:
        assert category == "undetermined"


@PROPERTY
@given(answers=complete_answers, qid=st.sampled_from(CLASSIFYING_UNKNOWABLE))
def test_the_advice_with_unknown_answers_is_schema_valid_and_every_decisive_question_is_open(answers, qid):
    values = {**answers, qid: UNKNOWN}
    advice = advise({"schema_version": "1", "answers": values}, as_of=AS_OF)
    assert advice_errors(advice) == []
    for part in ("eu", "us", "hospital_exemption"):
        for decisive in advice[part]["decisive"]:
            assert Answers(values).is_open(decisive), (part, decisive)


# --- the cases users met ---------------------------------------------------------------------

LENTIVIRAL_CD34 = {
    **CAR_T,
    "manipulations": ["cell_separation", "genetic_modification", "expansion"],
    "same_essential_function": True,
    "intended_purpose": "regenerate_repair_replace",
    "us_excluded_article": "none",
}


def _advice(answers, as_of=AS_OF):
    return advise({"schema_version": "1", "answers": answers}, as_of=as_of)


def test_a_lentiviral_cd34_product_is_a_351_biologic_whether_or_not_it_contains_cells():
    advice = _advice({**LENTIVIRAL_CD34, "contains_cells_or_tissues": UNKNOWN})
    assert advice["us"]["status"] == "351_biologic"
    assert "contains_cells_or_tissues" not in advice["us"]["decisive"]
    assert advice["eu"]["category"] == "GTMP"
    branches = [s for s in advice["us"]["trace"] if s.get("if")]
    assert {s["if"][0]["answer"] for s in branches} == {True, False}
    assert all(s["rule"] not in {"US-JUR-1"} for s in branches)


def test_an_mrna_vaccine_against_an_infectious_disease_is_not_an_atmp_whatever_its_medicinal_purpose():
    vaccine = {
        "medicinal_purpose": UNKNOWN,
        "nucleic_acid": "recombinant",
        "infectious_disease_vaccine": True,
        "genome_editing": False,
        "contains_cells_or_tissues": False,
    }
    eu = _advice(vaccine)["eu"]
    assert eu["category"] == "not_ATMP"
    assert eu["decisive"] == ["medicinal_purpose"]  # it still decides which framework applies
    assert any("do not change it" in note for note in eu["notes"])


def test_a_cut_and_frozen_tissue_used_for_the_same_function_is_not_an_atmp_whatever_its_viability():
    graft = {**HSC, "manipulations": ["cutting", "freezing"], "cells_viable": UNKNOWN}
    eu = _advice(graft)["eu"]
    assert eu["category"] == "not_ATMP"
    assert "cells_viable" not in eu["decisive"]


def test_combined_atmp_is_open_while_the_device_question_is_open():
    eu = _advice({**CAR_T, "integral_medical_device": UNKNOWN})["eu"]
    assert eu["category"] == "GTMP"
    assert eu["combined_atmp"] is None
    assert eu["decisive"] == ["integral_medical_device"]
    assert eu["provisional"]["combined_atmp"] is False
    assert eu["provisional"]["assumes"]["integral_medical_device"]["answer"] is False


def test_an_open_answer_that_changes_the_category_leaves_it_undetermined_with_a_cited_provisional_outcome():
    eu = _advice({**CHONDROCYTES, "intended_purpose": UNKNOWN, "same_essential_function": False})["eu"]
    assert eu["category"] == "undetermined"
    assert eu["decisive"] == ["intended_purpose"]
    # no assumption is made about the claimed purpose: it is the sponsor's to state
    assert eu["provisional"] is None


def test_a_provisional_outcome_names_every_assumption_with_its_reason_and_source():
    eu = _advice({**CHONDROCYTES, "cells_viable": UNKNOWN})["eu"]
    assert eu["category"] == "undetermined"
    assert "cells_viable" in eu["decisive"]
    provisional = eu["provisional"]
    assert provisional["category"] == "TEP" and provisional["combined_atmp"] is True
    assumed = provisional["assumes"]["cells_viable"]
    assert assumed["answer"] == "viable" and assumed["reason"] and assumed["source"]


def test_a_fully_answered_product_has_no_decisive_questions_and_no_provisional_outcome():
    advice = _advice({**CAR_T, "us_excluded_article": "none", "us_same_surgical_procedure": False})
    assert advice["eu"]["decisive"] == [] and advice["eu"]["provisional"] is None
    assert advice["us"]["decisive"] == [] and advice["us"]["provisional"] is None


def test_every_assumption_is_an_answer_the_question_can_take():
    for qid, items in assumptions().items():
        for item in items:
            assert item.answer in branch_values(qid)


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_the_search_tries_every_answer_of_a_question_or_a_declared_subset(qid):
    question = QUESTIONS[qid]
    values = branch_values(qid)
    if question.type in {"boolean", "choice"}:
        choices = set(_every_choice(qid))
        assert set(values) <= choices and values
        if question.search_values:
            assert set(values) < choices
        else:
            assert set(values) == choices
