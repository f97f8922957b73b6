"""A wizard step saves the answer, the pruned answers and the version, nothing else; the advice is
worked out on confirm and when a page needs it, and a GET never writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from assessments.services import assessment_create
from classification.rules import validation
from classification.rules.ruleset import RULESET_VERSION
from tests.products import CAR_T, CHONDROCYTES

from .wizard_helpers import post_answer

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def assessment(organisation, alice):
    return assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")


@pytest.fixture
def answered(assessment):
    assessment.answers = dict(CAR_T)
    assessment.save()
    return assessment


def test_a_step_saves_the_answer_and_no_advice(alice_client, assessment, monkeypatch):
    def no_engine(*args, **kwargs):
        raise AssertionError("a wizard step must not run the engine")

    monkeypatch.setattr(services, "advise", no_engine)
    response = post_answer(alice_client, assessment, "medicinal_purpose", True)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers == {"medicinal_purpose": True}
    assert assessment.version == 2 and assessment.current_question == response.url.rstrip("/").split("/")[-1]
    assert assessment.advice is None and assessment.eu_category == "" and assessment.answers_hash == ""


def test_a_step_validates_the_schema_once(alice_client, assessment, monkeypatch):
    calls = []
    real = validation.answers_errors

    def counted(document):
        calls.append(document)
        return real(document)

    monkeypatch.setattr(services, "answers_errors", counted)
    monkeypatch.setattr(validation, "validate_answers", lambda *a, **k: calls.append("validate"))
    assert post_answer(alice_client, assessment, "medicinal_purpose", True).status_code == 302
    assert len(calls) == 1


def test_the_next_question_comes_from_the_pruned_answers(alice, answered):
    # "No cells or tissues" hides the cell questions: the next question is one still asked.
    result = services.assessment_answer(
        assessment=answered, user=alice, question_id="contains_cells_or_tissues", value=False,
        version=answered.version,
    )
    assert result.dropped
    visible = {q.id for q in services.wizard.visible(result.assessment.answers)}
    assert result.next_question is None or result.next_question.id in visible
    assert not set(result.dropped) & set(result.assessment.answers)


@pytest.mark.parametrize("name", ["assessment-result", "pathway-comparison", "assessment-review"])
def test_pages_that_show_advice_never_write(alice_client, answered, name):
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(reverse(name, args=[answered.pk]))
    assert response.status_code == 200
    assert writes(queries.captured_queries) == []
    answered.refresh_from_db()
    assert answered.advice is None


def test_a_stale_advice_is_shown_fresh_and_left_as_saved(alice_client, alice, answered):
    services.assessment_confirm(assessment=answered, user=alice, version=answered.version)
    saved = Assessment.objects.get(pk=answered.pk)
    assert saved.eu_category == "GTMP" and saved.advice_is_current
    # Someone changes the answers to a tissue-engineered product: the saved advice is stale.
    Assessment.objects.filter(pk=answered.pk).update(answers=dict(CHONDROCYTES))
    html = alice_client.get(reverse("assessment-result", args=[answered.pk])).content.decode()
    assert "Tissue-engineered product (TEP)" in html
    stale = Assessment.objects.get(pk=answered.pk)
    assert stale.eu_category == "GTMP" and stale.advice == saved.advice and not stale.advice_is_current


def test_confirming_saves_the_advice_keyed_by_version_and_answers(alice_client, answered):
    response = alice_client.post(reverse("assessment-review", args=[answered.pk]), {"version": answered.version})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.ruleset_version == RULESET_VERSION and answered.advice_is_current
    assert answered.advice["eu"]["category"] == answered.eu_category == "GTMP"


def test_the_list_shows_a_category_only_while_it_is_current(alice_client, alice, answered):
    services.assessment_confirm(assessment=answered, user=alice, version=answered.version)
    html = alice_client.get(reverse("assessment-list")).content.decode()
    assert "Gene therapy medicinal product (GTMP)" in html
    Assessment.objects.filter(pk=answered.pk).update(answers=dict(CHONDROCYTES))
    html = alice_client.get(reverse("assessment-list")).content.decode()
    assert "Gene therapy medicinal product" not in html and "Not worked out yet" in html


# --- query budget: at most 6 SQL statements per wizard step (its GET and its POST together) ----
# Transaction control (SAVEPOINT/RELEASE in the test's transaction, BEGIN/COMMIT in production) is
# not a statement of the step, as in bench/wizard.py.

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


def statements(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)]


def test_a_question_get_needs_at_most_six_statements(alice_client, answered):
    url = reverse("assessment-question", args=[answered.pk, "medicinal_purpose"])
    alice_client.get(url)  # the session is written once, on the first request
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(url)
    assert response.status_code == 200
    assert len(statements(queries.captured_queries)) <= 6, statements(queries.captured_queries)
    assert writes(queries.captured_queries) == []


def test_a_question_post_needs_at_most_six_statements(alice_client, answered):
    url = reverse("assessment-question", args=[answered.pk, "us_homologous_use"])
    alice_client.get(reverse("assessment-list"))
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(url, {"version": answered.version, "answer": "unknown"})
    assert response.status_code == 302
    sql = statements(queries.captured_queries)
    assert len(sql) <= 6, sql
    assert [s.split()[0] for s in writes(queries.captured_queries)] == ["UPDATE", "INSERT"]  # answers; history
    answered.refresh_from_db()
    assert answered.version == 2 and answered.answers["us_homologous_use"] == "unknown"


def test_a_whole_step_get_and_post_needs_at_most_six_statements(alice_client, answered):
    url = reverse("assessment-question", args=[answered.pk, "us_homologous_use"])
    alice_client.get(reverse("assessment-list"))
    with CaptureQueriesContext(connection) as queries:
        shown = alice_client.get(url)
        posted = alice_client.post(url, {"version": answered.version, "answer": "unknown"})
    assert (shown.status_code, posted.status_code) == (200, 302)
    assert len(statements(queries.captured_queries)) <= 6, statements(queries.captured_queries)
