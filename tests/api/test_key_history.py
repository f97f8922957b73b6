"""A change made through the API with a key is attributed to the key: every write leaves exactly one
history entry naming it (no person: a key is not one), by the row and by its name and prefix as
they read at the time, and the session's writes still name the person."""

import pytest

from accounts import services as account_services
from assessments.models import Assessment, HistoryEntry

from .conftest import Api, car_t_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def notebook(organisation, alice):
    """An editor key named as a consultant would name it, and its token."""
    return account_services.api_key_create(
        organisation=organisation, name="Portfolio notebook", role="editor", by=alice
    )


def new_entries(assessment_pk: int, before: int) -> list[HistoryEntry]:
    return list(HistoryEntry.objects.filter(assessment_id=assessment_pk).order_by("pk"))[before:]


def only_entry_naming(key, assessment_pk: int, before: int) -> HistoryEntry:
    entries = new_entries(assessment_pk, before)
    assert len(entries) == 1, [(entry.kind, entry.key) for entry in entries]
    entry = entries[0]
    assert entry.api_key == key and entry.actor is None
    assert entry.actor_label == f"API key ‘Portfolio notebook’ (atmp_{key.prefix}…)"
    return entry


def count(assessment) -> int:
    return HistoryEntry.objects.filter(assessment=assessment).count()


def test_a_key_s_answer_change_leaves_one_entry_naming_the_key(notebook, assessment):
    key, token = notebook
    before = count(assessment)
    response = Api(token=token)(
        "PATCH",
        f"/api/v1/assessments/{assessment.pk}/answers",
        {"version": assessment.version, "answers": {"genome_editing": True}},
    )
    assert response.status_code == 200, response.content
    entry = only_entry_naming(key, assessment.pk, before)
    assert (entry.kind, entry.key, entry.new) == (HistoryEntry.Kind.ANSWER, "genome_editing", True)
    assert entry.version == Assessment.objects.get(pk=assessment.pk).version


def test_creating_with_a_key_leaves_one_entry_naming_the_key(notebook):
    key, token = notebook
    response = Api(token=token)(
        "POST", "/api/v1/assessments", {"schema_version": "1", "product": {"name": "Blank"}, "answers": {}}
    )
    assert response.status_code == 201, response.content
    entry = only_entry_naming(key, response.json()["id"], 0)
    assert (entry.kind, entry.old, entry.new) == (HistoryEntry.Kind.STATUS, None, "draft")


def test_every_answer_an_import_starts_with_names_the_key(notebook):
    key, token = notebook
    response = Api(token=token)("POST", "/api/v1/assessments", car_t_document("By script"))
    assert response.status_code == 201
    entries = new_entries(response.json()["id"], 0)
    assert len(entries) == 1 + len(Assessment.objects.get(pk=response.json()["id"]).answers)
    assert {(entry.api_key_id, entry.actor_id) for entry in entries} == {(key.pk, None)}


def test_confirming_with_a_key_leaves_one_entry_naming_the_key(notebook, assessment):
    key, token = notebook
    before = count(assessment)
    response = Api(token=token)(
        "POST", f"/api/v1/assessments/{assessment.pk}/confirm", {"version": assessment.version}
    )
    assert response.status_code == 200, response.content
    entry = only_entry_naming(key, assessment.pk, before)
    assert (entry.kind, entry.old, entry.new) == (HistoryEntry.Kind.STATUS, "draft", "complete")


def test_an_export_requested_with_a_key_leaves_one_entry_naming_the_key(notebook, assessment):
    key, token = notebook
    before = count(assessment)
    response = Api(token=token)(
        "POST", f"/api/v1/assessments/{assessment.pk}/exports", {"kind": "memo", "format": "pdf"}
    )
    assert response.status_code == 202, response.content  # rendered after commit: never, in this test
    entry = only_entry_naming(key, assessment.pk, before)
    assert (entry.kind, entry.key) == (HistoryEntry.Kind.EXPORT, "memo")


def test_product_details_changed_with_a_key_leave_one_entry_naming_the_key(notebook, assessment):
    key, token = notebook
    before = count(assessment)
    response = Api(token=token)(
        "PATCH",
        f"/api/v1/assessments/{assessment.pk}",
        {"version": assessment.version, "sponsor": "Helix Bio"},
    )
    assert response.status_code == 200, response.content
    assert only_entry_naming(key, assessment.pk, before).key == "sponsor"


def test_a_copy_made_with_a_key_names_the_key(notebook, assessment):
    key, token = notebook
    response = Api(token=token)("POST", f"/api/v1/assessments/{assessment.pk}/duplicate")
    assert response.status_code == 201
    assert {(entry.api_key_id, entry.actor_id) for entry in new_entries(response.json()["id"], 0)} == {
        (key.pk, None)
    }


def test_a_session_s_change_through_the_api_names_the_person_and_no_key(alice, organisation, assessment):
    from tests.conftest import logged_in_client

    before = count(assessment)
    response = Api(client=logged_in_client(alice, organisation))(
        "PATCH",
        f"/api/v1/assessments/{assessment.pk}/answers",
        {"version": assessment.version, "answers": {"genome_editing": True}},
    )
    assert response.status_code == 200, response.content
    [entry] = new_entries(assessment.pk, before)
    assert (entry.actor, entry.api_key, entry.actor_label) == (alice, None, "alice")


def test_a_refused_key_write_leaves_no_entry(notebook, assessment):
    _, token = notebook
    before = count(assessment)
    stale = Api(token=token)(
        "PATCH",
        f"/api/v1/assessments/{assessment.pk}/answers",
        {"version": assessment.version + 5, "answers": {"genome_editing": True}},
    )
    assert stale.status_code == 409
    assert count(assessment) == before
