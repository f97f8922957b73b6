"""Errors are RFC 9457 problem details naming each field with the command line's messages; bodies
are capped in size; requests are throttled per key."""

import json

import pytest
from django.test import override_settings

from classification.rules.cli import load_answers_file

from .conftest import Api, car_t_document

BAD_DOCUMENT = {
    "schema_version": "1",
    "as_of": "2026-02-30",
    "answers": {"medicinal_purpose": "yes", "no_such_question": True, "cell_count": float("1e20")},
}


def cli_errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "doc.json"
    path.write_text(text)
    return [line.removeprefix(f"{path}: ") for line in load_answers_file(str(path)).errors]


@pytest.mark.parametrize("text", [
    json.dumps({"schema_version": "1", "answers": {"medicinal_purpose": "yes", "no_such_question": True}}),
    json.dumps({"schema_version": "1", "as_of": "1850-01-01", "answers": {}}),
    json.dumps({"schema_version": "1", "as_of": "2026-02-30", "answers": {}}),
    '{"schema_version": "1", "answers": {"medicinal_purpose": NaN}}',
    '{"schema_version": "1", "answers": {"medicinal_purpose": 1' + "0" * 40 + "}}",
    '{"schema_version": "1", "answers": {"medicinal_purpose": "a\\u0000b"}}',
    '{"schema_version": "1", "answers": {"medicinal_purpose": "\\ud800"}}',
    "[" * 40 + "]" * 40,
    '{"schema_version": "1", "answers": ',
    json.dumps(["not", "an", "object"]),
], ids=["schema", "too early", "no such day", "NaN", "huge number", "NUL", "lone surrogate", "deep", "truncated",
        "not an object"])
def test_assess_names_each_field_with_the_messages_of_the_command_line(tmp_path, editor_key, text):
    response = Api(token=editor_key).client.post(
        "/api/v1/assess", text, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {editor_key}"
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:atmp-advisor:problem:invalid-input" and problem["status"] == 400
    given = [f"{error['pointer'] or '/'}: {error['detail']}" for error in problem["errors"]]
    assert given == cli_errors(tmp_path, text)
    assert given[0] in problem["detail"]


def test_create_and_change_of_answers_name_the_field(editor_key, assessment):
    call = Api(token=editor_key)
    created = call("POST", "/api/v1/assessments", {"schema_version": "1", "answers": {"medicinal_purpose": "yes"}})
    assert created.status_code == 400
    assert [e["pointer"] for e in created.json()["errors"]] == ["/answers/medicinal_purpose"]
    changed = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers",
                   {"version": 1, "answers": {"no_such_question": True, "genome_editing": "perhaps"}})
    assert changed.status_code == 400
    assert {e["pointer"] for e in changed.json()["errors"]} == {"/answers", "/answers/genome_editing"}
    assert "no_such_question" in json.dumps(changed.json()["errors"])
    missing = call("PATCH", f"/api/v1/assessments/{assessment.pk}/answers", {"answers": {}})
    assert missing.status_code == 400 and [e["pointer"] for e in missing.json()["errors"]] == ["/version"]
    assert "required" in missing.json()["errors"][0]["detail"]
    assessment.refresh_from_db()
    assert assessment.version == 1, "nothing saved"


def test_a_body_past_one_megabyte_is_413_and_past_the_request_limit_too(editor_key):
    call = Api(token=editor_key)
    big = call.client.post("/api/v1/assess", json.dumps({"schema_version": "1", "answers": {}, "x": "a" * 1_100_000}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {editor_key}")
    assert big.status_code == 413 and big["Content-Type"] == "application/problem+json"
    assert big.json()["status"] == 413
    with override_settings(REQUEST_MAX_BYTES=64 * 1024):
        huge = call.client.post("/api/v1/assess", "x" * 70_000, content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {editor_key}")
    assert huge.status_code == 413 and huge["Content-Type"] == "application/problem+json"
    assert huge.json()["title"] == "Content Too Large"


def test_requests_are_throttled_per_key(editor_key, viewer_key):
    with override_settings(API_KEY_REQUESTS_PER_MINUTE=3):
        statuses = [Api(token=editor_key)("GET", "/api/v1/questions").status_code for _ in range(4)]
        other = Api(token=viewer_key)("GET", "/api/v1/questions")
        throttled = Api(token=editor_key)("GET", "/api/v1/questions")
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200, "another key has its own count"
    assert throttled["Content-Type"] == "application/problem+json" and int(throttled["Retry-After"]) > 0
    assert throttled.json()["status"] == 429


def test_anonymous_requests_are_throttled_per_address():
    with override_settings(API_ANONYMOUS_REQUESTS_PER_MINUTE=2):
        statuses = [Api()("GET", "/api/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_an_unknown_address_and_a_wrong_method_are_problems(editor_key, assessment):
    call = Api(token=editor_key)
    unknown = call("GET", "/api/v1/nothing-here")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    wrong = call("PUT", "/api/v1/assess", car_t_document())
    assert wrong.status_code == 405 and wrong.json()["status"] == 405
    form = call.client.post("/api/v1/assess", "a=1", content_type="application/x-www-form-urlencoded",
                            HTTP_AUTHORIZATION=f"Bearer {editor_key}")
    assert form.status_code == 415 and form["Content-Type"] == "application/problem+json"


def test_a_malformed_authorization_header_is_401(assessment):
    for header in ["Bearer", "Bearer a b", "Bearer atmp_", "Bearer atmp_x_y", "Bearer \u00e9t\u00e9"]:
        response = Api().client.get("/api/v1/assessments", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("variable", ["API_KEY_REQUESTS_PER_MINUTE", "API_ANONYMOUS_REQUESTS_PER_MINUTE"])
@pytest.mark.parametrize("value", ["lots", "0"])
def test_a_malformed_throttle_rate_stops_start_up_naming_it(variable, value):
    from tests.foundation.test_settings import run_manage

    result = run_manage({"DJANGO_DEBUG": "True", variable: value})
    assert result.returncode == 2 and variable in result.stderr and "Traceback" not in result.stderr


def test_a_server_error_is_a_problem_too_and_is_logged(editor_key, monkeypatch, caplog):
    from api import views

    def broken(document, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "advise", broken)
    client = Api(token=editor_key).client
    client.raise_request_exception = False
    response = client.post("/api/v1/assess", json.dumps(car_t_document()), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {editor_key}")
    assert response.status_code == 500 and response["Content-Type"] == "application/problem+json"
    assert "a bug" not in response.content.decode(), "nothing of the error is shown"
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)


def test_a_missing_export_file_is_a_404(editor_key, done_export):
    done_export.file.storage.delete(done_export.file.name)
    response = Api(token=editor_key)("GET", f"/api/v1/exports/{done_export.pk}/download")
    assert response.status_code == 404 and "request the export again" in response.json()["detail"]
