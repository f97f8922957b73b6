"""Data entry and flow of the wizard without the database (issue 12, items 4–8): number entry,
processing steps with "None of these" and "I don't know", goal-based section skipping, the
progress counter and the questions a review-page change reveals."""

import pytest
from django.http import QueryDict

from assessments import wizard
from assessments.forms import NONE_CODE, QuestionForm
from classification.rules.core import UNKNOWN
from classification.rules.questions import catalogue
from tests.products import CAR_T

PREVALENCE = catalogue().question("eu_prevalence_per_10000")
PATIENTS = catalogue().question("us_patients")
STEPS = catalogue().question("manipulations")
GOALS = catalogue().question("goals")
HE_ONLY = {"goals": ["hospital_exemption"]}


def _form(question, **data):
    query = QueryDict(mutable=True)
    query["version"] = "1"
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    form = QuestionForm(query, question=question)
    return form, form.is_valid()


# ---- numbers

@pytest.mark.parametrize(("typed", "stored"), [("0,5", 0.5), ("4,5", 4.5), ("0.5", 0.5), ("12", 12.0)])
def test_a_decimal_comma_is_a_decimal_point(typed, stored):
    form, valid = _form(PREVALENCE, answer=typed)
    assert valid and form.cleaned_data["value"] == stored


def test_an_ambiguous_thousands_separator_is_refused_naming_the_field():
    form, valid = _form(PATIENTS, answer="200.000")
    assert not valid
    (message,) = form.errors["answer"]
    assert message.startswith("Answer (people): ") and "could mean 200000 or 200.000" in message


def test_unambiguous_thousands_are_read():
    form, valid = _form(PATIENTS, answer="200 000")
    assert valid and form.cleaned_data["value"] == 200000


def test_a_number_and_not_known_together_is_an_error_naming_the_field():
    form, valid = _form(PREVALENCE, answer="4,5", not_known="on")
    assert not valid
    assert form.errors["answer"] == [
        "Answer (per 10,000 people): enter a number or tick \u201cNot known\u201d, not both"
    ]


def test_not_known_alone_is_an_answer_and_nothing_at_all_is_an_error():
    form, valid = _form(PREVALENCE, not_known="on")
    assert valid and form.cleaned_data["value"] is None
    form, valid = _form(PREVALENCE, answer="")
    assert not valid and "Answer (per 10,000 people): enter a number" in form.errors["answer"][0]


@pytest.mark.parametrize("saved", [None, 4.5])
def test_not_known_is_never_ticked_in_advance_and_a_number_is_shown_back_formatted(saved):
    initial = QuestionForm.initial_for(PREVALENCE, saved)
    assert initial["not_known"] is False
    assert initial["answer"] == ("" if saved is None else "4.5")
    assert QuestionForm.initial_for(PATIENTS, 200000)["answer"] == "200 000"


# ---- processing steps

def test_ticking_no_step_at_all_is_an_error_not_used_as_collected():
    form, valid = _form(STEPS)
    assert not valid
    assert "None of these" in form.errors["answer"][0] and "I don't know" in form.errors["answer"][0]


def test_none_of_these_is_the_empty_list_and_i_dont_know_is_unknown():
    form, valid = _form(STEPS, answer=[NONE_CODE])
    assert valid and form.cleaned_data["value"] == []
    form, valid = _form(STEPS, answer=[UNKNOWN])
    assert valid and form.cleaned_data["value"] == UNKNOWN
    form, valid = _form(STEPS, answer=["cutting", "expansion"])
    assert valid and form.cleaned_data["value"] == ["cutting", "expansion"]


@pytest.mark.parametrize("exclusive", [NONE_CODE, UNKNOWN])
def test_none_of_these_or_i_dont_know_with_a_step_is_an_error(exclusive):
    form, valid = _form(STEPS, answer=["cutting", exclusive])
    assert not valid and "on its own" in form.errors["answer"][0]


def test_the_saved_steps_are_shown_back_as_ticked():
    assert QuestionForm.initial_for(STEPS, [])["answer"] == [NONE_CODE]
    assert QuestionForm.initial_for(STEPS, UNKNOWN)["answer"] == [UNKNOWN]


def test_the_steps_render_under_their_headings_then_none_and_unknown():
    form = QuestionForm(question=STEPS)
    groups = form.choice_groups()
    assert [g.title if g else None for g, _ in groups] == [
        "Steps that are not substantial manipulation", "Steps that are substantial manipulation",
        "Steps whose effect decides", None,
    ]
    assert [box.data["value"] for box in groups[-1][1]] == [NONE_CODE, UNKNOWN]


def test_goals_ticked_none_still_means_every_goal():
    form, valid = _form(GOALS)
    assert valid and form.cleaned_data["value"] == []


# ---- goals skip sections

def _asked(answers):
    return {q.id for q in wizard.visible(answers)}


def test_a_hospital_exemption_only_journey_skips_the_us_and_development_sections():
    asked = _asked({**CAR_T, **HE_ONLY})
    sections = {catalogue().question(q).section for q in asked}
    assert "hospital_exemption" in sections
    assert not sections & {"united_states", "development"}


def test_no_goal_ticked_asks_every_section():
    sections = {s.id for s in wizard.sections_that_apply({"goals": []})}
    assert sections == {s.id for s in catalogue().sections}


def test_a_us_licence_asks_the_us_questions_and_only_the_us_development_questions():
    asked = _asked({**CAR_T, "goals": ["us_licence"], "paediatric_indication": True})
    assert {"us_tissue_type", "us_patients", "rare_paediatric_disease"} <= asked
    assert not asked & {"eu_prevalence_per_10000", "sponsor_type", "he_member_state"}


def test_an_eu_authorisation_asks_the_development_profile_but_not_the_us_or_hospital_sections():
    asked = _asked({**CAR_T, "goals": ["eu_marketing_authorisation"]})
    assert {"eu_prevalence_per_10000", "development_stage", "sponsor_type"} <= asked
    assert not asked & {"us_tissue_type", "us_patients", "he_member_state"}


def test_a_typical_hospital_exemption_journey_needs_at_most_25_questions():
    msc = {"medicinal_purpose": True, **HE_ONLY, "nucleic_acid": "none", "genome_editing": False,
           "contains_cells_or_tissues": True, "cells_nucleated": True, "cell_origin": "allogeneic",
           "cells_viable": "viable", "manipulations": ["expansion"], "same_essential_function": False,
           "intended_purpose": "pharmacological_immunological_metabolic", "integral_medical_device": False}
    assert len(wizard.visible(msc)) <= 25
    everything_unknown = {**HE_ONLY, **{q.id: UNKNOWN for q in catalogue().questions if q.allow_unknown}}
    assert len(wizard.visible(everything_unknown)) <= 25


def test_every_goal_a_section_or_question_names_is_a_goal_of_the_goals_question():
    goals = {c.value for c in GOALS.choices}
    named = {g for s in catalogue().sections for g in s.goals} | {g for q in catalogue().questions for g in q.goals}
    assert named and named <= goals


# ---- the progress counter

def _counters(answers):
    return [(p.number, p.total) for p in (wizard.progress(answers, q) for q in wizard.visible(answers))]


@pytest.mark.parametrize("goals", [[], ["hospital_exemption"], ["us_licence", "hospital_exemption"]])
def test_the_section_total_never_changes_and_the_number_never_goes_back(goals):
    counters = _counters({**CAR_T, "goals": goals})
    after_goals = counters[2:]
    assert len({total for _, total in after_goals}) == 1
    numbers = [number for number, _ in counters]
    assert numbers == sorted(numbers)


def test_the_total_is_not_shown_before_the_goals_are_known():
    first = catalogue().questions[0]
    assert wizard.progress({}, first).total is None


def test_the_total_stays_when_an_answer_hides_questions():
    question = catalogue().question("he_member_state")
    with_cells = wizard.progress({**CAR_T, **HE_ONLY}, question)
    without = wizard.progress({**CAR_T, **HE_ONLY, "contains_cells_or_tissues": False}, question)
    assert (with_cells.number, with_cells.total) == (without.number, without.total)


# ---- review-page changes

def test_a_change_that_reveals_questions_lists_them_in_order():
    before = {"medicinal_purpose": True, **HE_ONLY, "nucleic_acid": "none", "genome_editing": False,
              "contains_cells_or_tissues": False, "integral_medical_device": False, "he_member_state": "ES"}
    after = {**before, "contains_cells_or_tissues": True}
    revealed = [q.id for q in wizard.revealed_by_change(before, after)]
    assert revealed == ["cells_nucleated", "cell_origin", "cells_viable", "manipulations",
                        "same_essential_function", "intended_purpose"]
    # Answering the first keeps the rest waiting; answering them all ends the round.
    answered_one = {**after, revealed[0]: True}
    rest = [q.id for q in wizard.revealed_by_change(after, answered_one, revealed[1:])]
    assert rest == [q for q in revealed[1:] if q in _asked(answered_one)]


def test_a_change_that_reveals_nothing_returns_to_the_review():
    before = {**CAR_T, "goals": []}
    assert wizard.revealed_by_change(before, {**before, "cells_nucleated": True}) == []
