"""The API against its own OpenAPI description (schemathesis, inside the suite): every operation,
called with generated requests by an editor key, valid ones and invalid ones, gives no server error,
and every response (status, content type, headers, body) is the one the description gives. The stateful test follows the
description's links (create an assessment, then read, change, export and delete it).

Bounded to run in seconds: few examples per operation, no deadline, no shrinking past that."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services

from .conftest import Api

CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 6

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.generation.update(modes=["positive"], max_examples=EXAMPLES)
# Requests the description does not allow (wrong types, missing fields, values out of range): each
# must be refused as the description says (a documented 4xx problem), never a server error.
invalid = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
invalid.config.generation.update(modes=["negative"], max_examples=EXAMPLES * 2)


def test_the_description_is_openapi_3_1_with_every_operation():
    raw = Api()("GET", "/api/schema/?format=json").json()
    assert raw["openapi"] == "3.1.0"
    operations = {op["operationId"] for item in raw["paths"].values() for op in item.values()}
    assert operations == {
        "questions_list", "assess", "assessments_list", "assessments_create", "assessments_retrieve",
        "assessments_destroy", "assessments_update", "assessments_answers_update", "assessments_confirm", "assessments_duplicate",
        "assessments_document", "assessments_advice", "assessments_pathways", "exports_list", "exports_create", "exports_retrieve",
        "exports_download",
    }
    assert raw["components"]["schemas"]["AdviceDocument"]["title"]
    assert raw["components"]["securitySchemes"]["apiKey"] == {**raw["components"]["securitySchemes"]["apiKey"],
                                                             "type": "http", "scheme": "bearer"}


@pytest.fixture
def key_headers(db, organisation):
    _, token = account_services.api_key_create(organisation=organisation, name="schemathesis", role="editor", by=None)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def many_requests():
    """A high rate for the run, and the test's database connection kept across requests: schemathesis
    calls the real WSGI handler, whose request signals would close the connection that holds the
    test's transaction (Django's own test client disconnects them in the same way)."""
    from django.core import signals
    from django.db import close_old_connections
    from django.test import override_settings

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with override_settings(API_KEY_REQUESTS_PER_MINUTE=100_000):
            yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_matches_its_description(case, key_headers, many_requests, assessment, done_export):
    case.call_and_validate(headers=key_headers, checks=CHECKS)
    if "id" in (case.path_parameters or {}):
        # Again on an object that exists: a generated id is almost always a 404.
        case.path_parameters["id"] = done_export.pk if case.path.startswith("/api/v1/exports/") else assessment.pk
        case.call_and_validate(headers=key_headers, checks=CHECKS)


@invalid.parametrize()
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_refuses_invalid_requests_as_described(case, key_headers, many_requests, assessment,
                                                              done_export):
    case.call_and_validate(headers=key_headers, checks=CHECKS)
    if isinstance((case.path_parameters or {}).get("id"), int):
        case.path_parameters["id"] = done_export.pk if case.path.startswith("/api/v1/exports/") else assessment.pk
        case.call_and_validate(headers=key_headers, checks=CHECKS)


@pytest.mark.django_db(transaction=False)
def test_stateful_links_conform(key_headers, many_requests):
    seen = set()

    class Machine(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": key_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            seen.add((case.method, case.path, response.status_code))
            case.validate_response(response, checks=CHECKS, headers=key_headers)

    Machine.run(settings=settings(max_examples=8, stateful_step_count=6, deadline=None,
                                  suppress_health_check=list(HealthCheck), derandomize=True))
    assert ("POST", "/api/v1/assessments", 201) in seen
    followed = {(method, path) for method, path, status in seen if "{id}" in path and status < 300}
    assert followed, f"no link was followed to a created object: {sorted(seen)}"
