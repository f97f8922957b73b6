"""Every endpoint for every persona: the owner and a viewer in the browser (session), an editor
key, a viewer key, another organisation's key and its owner's session, no key, a revoked key.
The same roles as the web pages: a viewer reads; another organisation's object is a 404."""

import pytest

from accounts.models import ApiKey
from assessments.models import Assessment
from dossiers.models import Export

from .conftest import Api, car_t_document

# (name, method, path, body, status when allowed, whether it writes)
OPERATIONS = [
    ("questions", "GET", "/api/v1/questions", None, 200, False),
    ("assess", "POST", "/api/v1/assess", car_t_document(), 200, False),
    ("list", "GET", "/api/v1/assessments", None, 200, False),
    ("create", "POST", "/api/v1/assessments", car_t_document("New"), 201, True),
    ("read", "GET", "/api/v1/assessments/{a}", None, 200, False),
    ("details", "PATCH", "/api/v1/assessments/{a}", {"version": 1, "indication": "B-cell lymphoma"}, 200, True),
    ("answers", "PATCH", "/api/v1/assessments/{a}/answers", {"version": 1, "answers": {"genome_editing": True}},
     200, True),
    ("confirm", "POST", "/api/v1/assessments/{a}/confirm", {"version": 1}, 200, True),
    ("duplicate", "POST", "/api/v1/assessments/{a}/duplicate", None, 201, True),
    ("document", "GET", "/api/v1/assessments/{a}/document", None, 200, False),
    ("advice", "GET", "/api/v1/assessments/{a}/advice", None, 200, False),
    ("pathways", "GET", "/api/v1/assessments/{a}/pathways", None, 200, False),
    ("exports", "GET", "/api/v1/assessments/{a}/exports", None, 200, False),
    ("export", "POST", "/api/v1/assessments/{a}/exports", {"kind": "memo", "format": "pdf"}, 202, True),
    ("export status", "GET", "/api/v1/exports/{e}", None, 200, False),
    ("download", "GET", "/api/v1/exports/{e}/download", None, 200, False),
    ("delete", "DELETE", "/api/v1/assessments/{a}", None, 204, True),
]
# What each persona gets: "allowed", "read" (writes are 403), "foreign" (objects of alice's
# organisation are 404; its own organisation's operations work), "401".
PERSONAS = {
    "owner session": "allowed",
    "editor key": "allowed",
    "viewer key": "read",
    "viewer session": "read",
    "other organisation's key": "foreign",
    "other organisation's owner session": "foreign",
    "no key": "401",
    "revoked key": "401",
}
OBJECT_OPERATIONS = {"read", "details", "document", "answers", "confirm", "duplicate", "advice", "pathways", "exports", "export",
                     "export status", "download", "delete"}


def expected(persona: str, name: str, allowed: int, writes: bool) -> int:
    kind = PERSONAS[persona]
    if kind == "401":
        return 401
    if kind == "foreign" and name in OBJECT_OPERATIONS:
        return 404
    if kind == "read" and writes:
        return 403
    return allowed


@pytest.fixture
def caller(request, alice_client, viewer_client, bob_client, editor_key, viewer_key, other_key, revoked_key):
    return {
        "owner session": Api(client=alice_client),
        "editor key": Api(token=editor_key),
        "viewer key": Api(token=viewer_key),
        "viewer session": Api(client=viewer_client),
        "other organisation's key": Api(token=other_key),
        "other organisation's owner session": Api(client=bob_client),
        "no key": Api(),
        "revoked key": Api(token=revoked_key),
    }[request.param]


@pytest.mark.parametrize("caller", list(PERSONAS), indirect=True, ids=list(PERSONAS))
@pytest.mark.parametrize(("name", "method", "path", "body", "allowed", "writes"), OPERATIONS,
                         ids=[op[0] for op in OPERATIONS])
def test_every_endpoint_answers_every_persona_by_role(request, caller, assessment, done_export, name, method, path,
                                                       body, allowed, writes):
    persona = request.node.callspec.id.split("-")[-1]
    before = (Assessment.objects.count(), Export.objects.count(), Assessment.objects.get(pk=assessment.pk).version)
    response = caller(method, path.format(a=assessment.pk, e=done_export.pk), body)
    status = expected(persona, name, allowed, writes)
    assert response.status_code == status, (persona, name, response.content[:300])
    if status >= 400:
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == status and problem["title"] and problem["detail"] and problem["type"]
        after = (Assessment.objects.count(), Export.objects.count(), Assessment.objects.get(pk=assessment.pk).version)
        assert after == before, "a refused request changes nothing"
    if not writes and status < 400 and name not in {"assess"}:
        assert Assessment.objects.get(pk=assessment.pk).version == before[2], "a GET never writes"


def test_a_foreign_key_lists_only_its_own_organisation(assessment, other_key, other_organisation):
    Assessment.objects.create(organisation=other_organisation, product_name="Theirs")
    listing = Api(token=other_key)("GET", "/api/v1/assessments").json()
    assert [row["product"]["name"] for row in listing["results"]] == ["Theirs"]


def test_a_key_creates_in_its_own_organisation_and_nobody_is_the_author(editor_key, organisation):
    response = Api(token=editor_key)("POST", "/api/v1/assessments", car_t_document("By script"))
    assert response.status_code == 201
    created = Assessment.objects.get(pk=response.json()["id"])
    assert created.organisation == organisation and created.created_by is None
    assert response["Location"] == f"/api/v1/assessments/{created.pk}"
    assert response.json()["eu_category"] == "GTMP", "the outcome of its current advice"


def test_the_list_is_paginated_and_searchable(editor_key, organisation):
    for number in range(30):
        Assessment.objects.create(organisation=organisation, product_name=f"Product {number:02d}")
    Assessment.objects.create(organisation=organisation, product_name="Chondrocyte sheet")
    call = Api(token=editor_key)
    first = call("GET", "/api/v1/assessments").json()
    assert first["count"] == 31 and len(first["results"]) == 25 and first["next"]
    second = call("GET", "/api/v1/assessments?page=2").json()
    assert len(second["results"]) == 6
    assert {row["id"] for row in first["results"]}.isdisjoint(row["id"] for row in second["results"])
    found = call("GET", "/api/v1/assessments?search=chondro").json()
    assert [row["product"]["name"] for row in found["results"]] == ["Chondrocyte sheet"]
    assert call("GET", "/api/v1/assessments?page=9").status_code == 404
    refused = call("GET", "/api/v1/assessments?search=a%00b")
    assert refused.status_code == 400 and [e["pointer"] for e in refused.json()["errors"]] == ["/search"]
    assert call("GET", "/api/v1/assessments?search=" + "x" * 201).status_code == 400


def test_changing_answers_with_a_stale_version_is_409_with_the_current_state(editor_key, assessment):
    call = Api(token=editor_key)
    changed = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers",
                   {"version": 1, "answers": {"genome_editing": True}})
    assert changed.status_code == 200 and changed.json()["assessment"]["version"] == 2
    stale = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers",
                 {"version": 1, "answers": {"genome_editing": False}})
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    problem = stale.json()
    assert problem["current"]["version"] == 2 and problem["current"]["answers"]["genome_editing"] is True
    assert "version 1" in problem["detail"] and "version 2" in problem["detail"]
    assert Assessment.objects.get(pk=assessment.pk).answers["genome_editing"] is True


def test_changing_answers_drops_those_that_no_longer_apply_and_null_clears_one(editor_key, assessment):
    call = Api(token=editor_key)
    response = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers",
                    {"version": 1, "answers": {"contains_cells_or_tissues": False}})
    assert response.status_code == 200
    body = response.json()
    assert "cell_origin" in body["dropped"] and "cell_origin" not in body["assessment"]["answers"]
    assert body["assessment"]["answers"]["contains_cells_or_tissues"] is False
    cleared = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers",
                   {"version": 2, "answers": {"medicinal_purpose": None}})
    assert cleared.status_code == 200
    assert "medicinal_purpose" not in cleared.json()["assessment"]["answers"]
    assert Assessment.objects.get(pk=assessment.pk).version == 3


def test_the_advice_of_an_assessment_is_its_advice_document(viewer_key, assessment):
    advice = Api(token=viewer_key)("GET", f"/api/v1/assessments/{assessment.pk}/advice").json()
    assert advice["eu"]["category"] == "GTMP" and advice["eu"]["trace"]
    pathways = Api(token=viewer_key)("GET", f"/api/v1/assessments/{assessment.pk}/pathways").json()
    assert pathways["pathways"] == advice["pathways"] and pathways["obligations"] == advice["obligations"]


def test_a_stale_saved_advice_is_recomputed_but_not_saved_by_a_get(viewer_key, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(ruleset_version="2000.1.1")
    advice = Api(token=viewer_key)("GET", f"/api/v1/assessments/{assessment.pk}/advice").json()
    assert advice["eu"]["category"] == "GTMP"
    assert Assessment.objects.get(pk=assessment.pk).ruleset_version == "2000.1.1"


def test_an_export_is_requested_polled_and_downloaded(editor_key, assessment, done_export, django_capture_on_commit_callbacks):
    call = Api(token=editor_key)
    with django_capture_on_commit_callbacks() as callbacks:
        created = call("POST", f"/api/v1/assessments/{assessment.pk}/exports", {"kind": "memo", "format": "docx"})
    assert created.status_code == 202 and created.json()["status"] == "queued" and len(callbacks) == 1
    assert created.json()["download_url"] is None
    not_ready = call("GET", f"/api/v1/exports/{created.json()['id']}/download")
    assert not_ready.status_code == 409 and "queued" in not_ready.json()["detail"]
    status = call("GET", f"/api/v1/exports/{done_export.pk}").json()
    assert status["status"] == "done" and status["download_url"] == f"/api/v1/exports/{done_export.pk}/download"
    download = call("GET", status["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test memo"
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]


def test_an_unknown_export_kind_names_the_field(editor_key, assessment):
    response = Api(token=editor_key)("POST", f"/api/v1/assessments/{assessment.pk}/exports",
                                     {"kind": "poster", "format": "pdf"})
    assert response.status_code == 400
    assert [error["pointer"] for error in response.json()["errors"]] == ["/kind"]


def test_delete_removes_the_assessment(editor_key, assessment):
    assert Api(token=editor_key)("DELETE", f"/api/v1/assessments/{assessment.pk}").status_code == 204
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_session_post_needs_its_csrf_token(alice, organisation, assessment):
    from django.test import Client

    from tests.conftest import SESSION_KEY

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    session = browser.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    refused = Api(client=browser)("POST", f"/api/v1/assessments/{assessment.pk}/duplicate")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser.get("/api/docs/?script=")  # the docs page's script carries the token, and sets its cookie
    token = browser.cookies["csrftoken"].value
    accepted = Api(client=browser)("POST", f"/api/v1/assessments/{assessment.pk}/duplicate", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_a_key_never_needs_csrf(editor_key, assessment):
    from django.test import Client

    response = Api(token=editor_key, client=Client(enforce_csrf_checks=True))(
        "POST", f"/api/v1/assessments/{assessment.pk}/duplicate"
    )
    assert response.status_code == 201


def test_a_revoked_key_stops_working_at_once(editor_key, assessment):
    call = Api(token=editor_key)
    assert call("GET", "/api/v1/assessments").status_code == 200
    ApiKey.objects.update(revoked_at="2026-12-03T00:00:00Z")
    response = call("GET", "/api/v1/assessments")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_product_details_change_on_the_version_read(editor_key, assessment):
    call = Api(token=editor_key)
    changed = call("PATCH", f"/api/v1/assessments/{assessment.pk}", {"version": 1, "name": "CAR-T 20", "sponsor": ""})
    assert changed.status_code == 200 and changed.json()["product"]["name"] == "CAR-T 20"
    assert changed.json()["version"] == 2 and changed.json()["eu_category"] == "GTMP"
    stale = call("PATCH", f"/api/v1/assessments/{assessment.pk}", {"version": 1, "name": "Other"})
    assert stale.status_code == 409 and stale.json()["current"]["product"]["name"] == "CAR-T 20"
    blank = call("PATCH", f"/api/v1/assessments/{assessment.pk}", {"version": 2, "name": ""})
    assert blank.status_code == 400 and [e["pointer"] for e in blank.json()["errors"]] == ["/name"]


def test_an_approved_assessment_is_locked_for_the_api_too(editor_key, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPROVED)
    call = Api(token=editor_key)
    for method, path, body in [
        ("PATCH", f"/api/v1/assessments/{assessment.pk}/answers", {"version": 1, "answers": {"genome_editing": True}}),
        ("PATCH", f"/api/v1/assessments/{assessment.pk}", {"version": 1, "name": "Renamed"}),
        ("DELETE", f"/api/v1/assessments/{assessment.pk}", None),
    ]:
        response = call(method, path, body)
        assert response.status_code == 403, (method, path, response.content)
        assert "approved and is locked" in response.json()["detail"]
    assert Assessment.objects.get(pk=assessment.pk).product_name == "CAR-T 19"


def test_the_question_catalogue_is_the_wizards(viewer_key):
    from classification.rules.questions import catalogue

    body = Api(token=viewer_key)("GET", "/api/v1/questions").json()
    cat = catalogue()
    assert [q["id"] for q in body["questions"]] == [q.id for q in cat.questions]
    assert [s["id"] for s in body["sections"]] == [s.id for s in cat.sections]
    by_id = {q["id"]: q for q in body["questions"]}
    for question in cat.questions:
        given = by_id[question.id]
        assert (given["text"], given["help"], given["definition"]) == (question.text, question.help, question.definition)
        assert given["show_if"] == dict(question.show_if)
        assert [c["value"] for c in given["choices"]] == [c.value for c in question.choices]
        if question.citation:
            assert given["citation"]["provision"] == question.citation.provision
    assert any(q["show_if"] for q in body["questions"]) and any(q["citation"] for q in body["questions"])


def test_the_answers_document_of_an_assessment_round_trips(editor_key, assessment):
    call = Api(token=editor_key)
    document = call("GET", f"/api/v1/assessments/{assessment.pk}/document").json()
    assert document == car_t_document()
    copy = call("POST", "/api/v1/assessments", document).json()
    assert call("GET", f"/api/v1/assessments/{copy['id']}/document").json() == document
    assert call("POST", "/api/v1/assess", document).json()["eu"]["category"] == "GTMP"
