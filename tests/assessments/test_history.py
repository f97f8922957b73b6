"""The history of an assessment: every write service leaves its entries with the actor; the
timeline shows them in words with the comments; CSV and JSON exports; nobody edits or deletes an
entry, in the app, the model or the admin."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments import comments, services, signoff
from assessments.models import Assessment, Comment, HistoryEntry
from assessments.timeline import assessment_history
from dossiers import services as export_services
from tests.conftest import PASSWORD

from .records import approved, confirmed, in_review, member

pytestmark = pytest.mark.django_db


def entries(assessment, **filters):
    return list(HistoryEntry.objects.filter(assessment=assessment, **filters))


def only_new_entry(assessment, before: int) -> HistoryEntry:
    new = list(HistoryEntry.objects.filter(assessment=assessment).order_by("pk"))[before:]
    assert len(new) == 1, [(e.kind, e.key) for e in new]
    return new[0]


@pytest.fixture
def draft(organisation, alice):
    return confirmed(organisation, alice)


@pytest.fixture
def editor(organisation):
    return member(organisation, "ed")[0]


WRITES = {
    "answer": lambda a, u: services.assessment_answer(assessment=a, user=u, question_id="genome_editing",
                                                      value=True, version=a.version),
    "answers": lambda a, u: services.assessment_answers_update(assessment=a, user=u,
                                                               answers={"genome_editing": True}, version=a.version),
    "details": lambda a, u: services.assessment_update_details(assessment=a, user=u, version=a.version,
                                                               sponsor="Helix Bio"),
    "submit for review": lambda a, u: signoff.assessment_submit_for_review(assessment=a, user=u, version=a.version),
    "export": lambda a, u: export_services.export_request(assessment=a, kind="memo", fmt="docx", user=u),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_path_leaves_exactly_one_entry_with_its_actor(write, draft, editor, settings, monkeypatch):
    monkeypatch.setattr("dossiers.services._enqueue", lambda export: None)  # the render is not under test
    before = HistoryEntry.objects.filter(assessment=draft).count()
    WRITES[write](Assessment.objects.get(pk=draft.pk), editor)
    entry = only_new_entry(draft, before)
    assert entry.actor == editor
    assert entry.version == Assessment.objects.get(pk=draft.pk).version


def test_an_answer_keeps_old_new_and_version(draft, editor):
    old = draft.answers["genome_editing"]
    saved = services.assessment_answer(assessment=draft, user=editor, question_id="genome_editing", value=True,
                                       version=draft.version).assessment
    entry = entries(draft, kind="answer")[-1]
    assert (entry.key, entry.old, entry.new, entry.version) == ("genome_editing", old, True, saved.version)


def test_confirming_a_draft_leaves_one_status_entry(organisation, alice, editor):
    assessment = services.assessment_import(organisation=organisation, user=alice, document={
        "schema_version": "1", "product": {"name": "X"}, "answers": {"medicinal_purpose": True}})
    before = HistoryEntry.objects.filter(assessment=assessment).count()
    services.assessment_confirm(assessment=assessment, user=editor, version=assessment.version)
    entry = only_new_entry(assessment, before)
    assert (entry.kind, entry.old, entry.new, entry.actor) == ("status", "draft", "complete", editor)


def test_signing_returning_and_new_versions_leave_one_entry_each(organisation, alice):
    reviewer, membership = member(organisation, "rita", can_review=True)
    assessment = in_review(organisation, alice)
    before = HistoryEntry.objects.filter(assessment=assessment).count()
    signoff.assessment_return_for_changes(assessment=assessment, user=reviewer, membership=membership,
                                          version=assessment.version)
    entry = only_new_entry(assessment, before)
    assert (entry.kind, entry.new, entry.actor) == ("status", "draft", reviewer)

    signed = approved(organisation, alice, reviewer, membership, name="Other")
    before = HistoryEntry.objects.filter(assessment=signed).count()
    successor = signoff.assessment_new_version(assessment=signed, user=alice)
    assert only_new_entry(signed, before).actor == alice
    started = entries(successor)
    assert started[0].kind == "version" and {e.kind for e in started[1:]} == {"answer"}
    assert {e.key for e in started[1:]} == set(signed.answers) and {e.actor for e in started} == {alice}
    sign_entry = HistoryEntry.objects.get(assessment=signed, kind="signature")
    assert sign_entry.actor == reviewer


def test_creating_importing_and_duplicating_record_who_gave_the_first_answers(organisation, alice, editor):
    created = services.assessment_create(organisation=organisation, user=alice, product_name="New")
    assert [(e.kind, e.old, e.new, e.actor) for e in entries(created)] == [("status", None, "draft", alice)]
    imported = services.assessment_import(organisation=organisation, user=alice, document={
        "schema_version": "1", "product": {"name": "X"}, "answers": {"medicinal_purpose": True}})
    assert [(e.kind, e.key, e.new) for e in entries(imported)] == [
        ("status", "status", "draft"), ("answer", "medicinal_purpose", True)]
    copy = services.assessment_duplicate(assessment=imported, user=editor)
    assert {(e.kind, e.key, e.actor) for e in entries(copy)} == {
        ("status", "status", editor), ("answer", "medicinal_purpose", editor)}


def test_a_refused_write_leaves_no_entry(draft, viewer, editor):
    new = services.assessment_create(organisation=draft.organisation, user=editor, product_name="Y")
    before = HistoryEntry.objects.count()
    with pytest.raises(services.StaleVersion):
        services.assessment_answer(assessment=draft, user=editor, question_id="genome_editing", value=True,
                                   version=draft.version - 1)
    with pytest.raises(signoff.SignOffRefused):
        signoff.assessment_submit_for_review(assessment=new, user=editor, version=new.version)
    assert HistoryEntry.objects.count() == before


def test_web_answers_are_recorded_with_the_logged_in_user(draft, alice_client, alice):
    response = alice_client.post(reverse("assessment-question", args=[draft.pk, "genome_editing"]),
                                 {"version": draft.version, "answer": "true"})
    assert response.status_code == 302
    entry = entries(draft, kind="answer")[-1]
    assert (entry.key, entry.new, entry.actor) == ("genome_editing", True, alice)


def test_api_answers_are_recorded_with_the_key_s_creator_or_none(draft, organisation, alice):
    from accounts import services as account_services

    _, token = account_services.api_key_create(organisation=organisation, name="script", role="editor", by=alice)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").patch(
        f"/api/v1/assessments/{draft.pk}/answers", data={"answers": {"genome_editing": True}, "version": draft.version},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert len(entries(draft, kind="answer", key="genome_editing", new=True)) == 1


# The timeline and its exports -----------------------------------------------------------------------

def test_the_timeline_shows_changes_and_comments_in_words(draft, alice, alice_client):
    services.assessment_answer(assessment=draft, user=alice, question_id="genome_editing", value=True,
                               version=draft.version)
    comments.comment_add(assessment=draft, user=alice, body="Checked with the CMC lead.", question_id="genome_editing")
    page = alice_client.get(reverse("assessment-timeline", args=[draft.pk])).content.decode()
    assert "Answer changed" in page and "Checked with the CMC lead." in page
    assert "genome_editing" not in page  # the question's text, never its id
    from classification.rules.questions import catalogue

    assert catalogue().question("genome_editing").text in page


def test_the_timeline_is_linked_from_the_result_and_review_pages(draft, alice_client):
    url = reverse("assessment-timeline", args=[draft.pk])
    for name in ("assessment-review", "assessment-result"):
        assert url in alice_client.get(reverse(name, args=[draft.pk])).content.decode()


def test_the_history_exports_as_csv_and_json(draft, alice, alice_client):
    services.assessment_update_details(assessment=draft, user=alice, version=draft.version, sponsor="=HYPERLINK(1)")
    response = alice_client.get(reverse("assessment-history-csv", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[-1]["what"] == "Sponsor (client) changed" and rows[-1]["new"] == "'=HYPERLINK(1)"
    assert rows[-1]["who"] == "alice"
    document = json.loads(alice_client.get(reverse("assessment-history-json", args=[draft.pk])).content)
    assert document["assessment"]["id"] == draft.pk
    assert [event["what"] for event in document["events"]][-1] == "Sponsor (client) changed"
    assert len(document["events"]) == len(rows)


def test_another_organisation_sees_no_history(draft, bob_client):
    for name in ("assessment-timeline", "assessment-history-csv", "assessment-history-json"):
        assert bob_client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_the_selector_for_the_dossier_gives_entries_oldest_first(draft, alice):
    services.assessment_update_details(assessment=draft, user=alice, version=draft.version, sponsor="A")
    history = list(assessment_history(assessment=draft))
    assert history == sorted(history, key=lambda e: (e.created_at, e.pk)) and history[-1].key == "sponsor"


# Comments -------------------------------------------------------------------------------------------

def test_comments_on_the_assessment_and_on_a_question_show_on_the_review_page(draft, alice_client, viewer_client):
    url = reverse("assessment-comment", args=[draft.pk])
    assert alice_client.post(url, {"body": "Ready for QA.", "back": "review"}).status_code == 302
    assert alice_client.post(url, {"body": "Source: batch record 12.", "question_id": "genome_editing",
                                   "back": "review"}).status_code == 302
    page = alice_client.get(reverse("assessment-review", args=[draft.pk])).content.decode()
    assert "Ready for QA." in page and "Source: batch record 12." in page
    assert Comment.objects.get(question_id="genome_editing").body == "Source: batch record 12."
    assert viewer_client.post(url, {"body": "x"}).status_code == 403


def test_a_bad_comment_names_the_field_and_saves_nothing(draft, alice):
    with pytest.raises(comments.CommentRefused, match="^Question:"):
        comments.comment_add(assessment=draft, user=alice, body="x", question_id="no_such_question")
    with pytest.raises(comments.CommentRefused, match="^Comment:"):
        comments.comment_add(assessment=draft, user=alice, body="   ")
    assert not Comment.objects.exists()


# Append-only ------------------------------------------------------------------------------------------

def test_an_entry_cannot_be_changed_or_deleted_through_the_model(draft):
    entry = entries(draft)[0]
    entry.new = "tampered"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert HistoryEntry.objects.get(pk=entry.pk).new != "tampered"


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


def test_the_history_is_read_only_in_the_admin(draft, admin_client):
    entry = entries(draft)[0]
    change = reverse("admin:assessments_historyentry_change", args=[entry.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    admin_client.post(change, {"kind": "answer", "key": "tampered", "version": 99})
    assert admin_client.post(reverse("admin:assessments_historyentry_delete", args=[entry.pk]),
                             {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:assessments_historyentry_add")).status_code == 403
    admin_client.post(reverse("admin:assessments_historyentry_changelist"),
                      {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert HistoryEntry.objects.get(pk=entry.pk).key == entry.key
