"""The labels module and the typed advice: every code of an advice in words, composed once."""

import re

import pytest

from classification.rules.core import UNKNOWN
from classification.rules.questions import catalogue
from pathways.rules import advise, labels
from pathways.rules.advice_model import Advice
from tests.products import CAR_T, CHONDROCYTES, HSC

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def all_unknown_answers() -> dict:
    """Walk the catalogue answering "I don't know" (or leaving a number unknown) everywhere."""
    answers: dict = {}
    while True:
        question = next((q for q in catalogue().visible(answers) if q.id not in answers), None)
        if question is None:
            return answers
        if question.allow_unknown:
            answers[question.id] = UNKNOWN
        elif question.type == "multichoice":
            answers[question.id] = []
        else:
            answers[question.id] = None


def advice_for(answers):
    return advise({"schema_version": "1", "product": {"name": "P"}, "answers": answers})


@pytest.mark.parametrize("answers", [CAR_T, CHONDROCYTES, HSC], ids=["car_t", "tep", "hsc"])
def test_the_typed_advice_mirrors_the_dict(answers):
    advice = advice_for(answers)
    model = Advice.from_dict(advice)
    assert model.eu.category == advice["eu"]["category"]
    assert model.eu.combined_atmp == advice["eu"]["combined_atmp"]
    assert model.us.status == advice["us"]["status"]
    assert model.hospital_exemption.unmet_conditions == tuple(advice["hospital_exemption"]["unmet_conditions"])
    assert [p.id for p in model.pathways] == [p["id"] for p in advice["pathways"]]
    assert [s.rule for s in model.eu.trace] == [s["rule"] for s in advice["eu"]["trace"]]
    assert model.ruleset.version == advice["ruleset"]["version"]


def test_combined_atmp_is_composed_once():
    assert labels.eu_category("TEP", True) == "Tissue-engineered product (TEP), combined ATMP"
    assert labels.eu_category("TEP", None) == "Tissue-engineered product (TEP)"
    advice = advice_for(CHONDROCYTES)
    assert labels.eu_outcome(advice["eu"]) == "Tissue-engineered product (TEP), combined ATMP"
    assert labels.eu_outcome(Advice.from_dict(advice).eu) == labels.eu_outcome(advice["eu"])


def test_a_not_atmp_outcome_says_what_applies_instead():
    outcome = labels.eu_outcome(advice_for(HSC)["eu"])
    assert outcome.startswith("Not an advanced therapy medicinal product: ") and "not_ATMP" not in outcome


def test_unmet_conditions_are_sentences_with_the_rule_beside_them():
    he = {"status": "not_eligible", "unmet_conditions": ["EU-HE-2.2", "EU-HE-2.4"], "trace": []}
    rows = labels.unmet_conditions(he)
    assert [row.rule for row in rows] == ["EU-HE-2.2", "EU-HE-2.4"]
    assert rows[0].text.startswith("The product is prepared routinely")
    assert all("EU-HE" not in row.text for row in rows)


def test_confidence_tags_become_words():
    assert labels.plain("This rests on general knowledge [R].") == (
        "This rests on general knowledge (not confirmed in an official text)."
    )
    assert labels.plain("The notes do not verify this [R]; ask.") == "The notes do not verify this; ask."
    assert labels.plain("Checked [V].") == "Checked."
    assert labels.confidence("S").startswith("from a secondary source")


def test_open_questions_are_question_texts():
    texts = labels.open_questions(["medicinal_purpose", "no_such_question", "medicinal_purpose"])
    assert texts == [catalogue().question("medicinal_purpose").text]


def test_an_all_unknown_run_asks_for_answers_before_the_regulator():
    advice = advice_for(all_unknown_answers())
    assert advice["eu"]["category"] == "undetermined"
    assert labels.eu_outcome(advice["eu"]) == "Undetermined: answer the open questions first"
    text = labels.advice_text(advice)
    assert "[R]" not in text and "not_ATMP" not in text
    words = text.split("Ruleset ")[0]
    # Rule ids appear only in brackets, as references beside the words.
    assert not SNAKE.findall(re.sub(r"\[[^\]]*\]", "", words))


@pytest.mark.parametrize("answers", [CAR_T, CHONDROCYTES, HSC], ids=["car_t", "tep", "hsc"])
def test_the_text_summary_has_no_codes(answers):
    text = labels.advice_text(advice_for(answers)).split("Ruleset ")[0]
    assert not SNAKE.findall(re.sub(r"\[[^\]]*\]", "", text)), text


def test_a_us_status_outside_the_goals_reads_not_assessed_instead_of_asking_for_answers():
    """A hospital-exemption-only journey skips the US questions: its US status is undetermined
    because nobody asked, so the page says it was not assessed rather than "answer the open questions"."""
    advice = advise({"schema_version": "1", "answers": {**CHONDROCYTES, "goals": ["hospital_exemption"]}})
    us = {**advice["us"], "status": "undetermined"}
    assert labels.us_outcome(us, goals=advice["goals"]) == labels.US_NOT_A_GOAL
    assert labels.us_outcome(us, goals=None) != labels.US_NOT_A_GOAL
    with_us = advise({"schema_version": "1", "answers": {**CHONDROCYTES, "goals": ["hospital_exemption", "us_licence"]}})
    assert labels.us_outcome(us, goals=with_us["goals"]) != labels.US_NOT_A_GOAL
    decided = advise(
        {"schema_version": "1", "answers": {**CAR_T, "us_excluded_article": "none", "goals": ["hospital_exemption"]}}
    )
    assert decided["us"]["status"] == "351_biologic"  # a decided status is shown as it is, goals or not
    assert labels.us_outcome(decided["us"], goals=decided["goals"]) == labels.us_outcome(decided["us"])
