"""The OpenAPI description, beyond what drf-spectacular infers from the views:

- the project's two contracts as components (``AnswersDocument`` from answers.schema.json,
  ``AdviceDocument`` from advice.schema.json, and ``Answers``, the answers object): the API is
  described by the same schemas the engine and the command line validate against;
- the 401 and 429 problems, which every operation may give;
- links from a created assessment or export to the operations on it (schemathesis follows them).
"""

from __future__ import annotations

import copy

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from classification.rules.validation import load_schema

PROBLEM = "application/problem+json"


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key of your organisation (atmp_…), created by an owner on the organisation's "
            "settings page or with `manage.py api_key create`.",
        }


def _contract(name: str) -> dict:
    schema = copy.deepcopy(load_schema(name))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


LINKS = {
    # operation that creates → (id in its body, operations on the created object)
    "assessments_create": [
        "assessments_retrieve", "assessments_update", "assessments_answers_update", "assessments_confirm", "assessments_duplicate",
        "assessments_document", "assessments_advice", "assessments_pathways", "exports_list", "exports_create",
        "assessments_destroy",
    ],
    "assessments_duplicate": ["assessments_retrieve", "assessments_advice", "assessments_destroy"],
    "exports_create": ["exports_retrieve", "exports_download"],
}


def postprocess(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    answers_document = _contract("answers")
    schemas["AnswersDocument"] = answers_document
    schemas["Answers"] = copy.deepcopy(answers_document["properties"]["answers"])
    schemas["AdviceDocument"] = _contract("advice")
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    operations = {}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operations[operation["operationId"]] = operation
            operation["responses"].setdefault("401", {
                "description": "No API key or session, or a key that is not valid (revoked, mistyped).",
                "content": {PROBLEM: {"schema": problem_ref}},
            })
            operation["responses"].setdefault("429", {
                "description": "Too many requests with this key: wait the seconds of Retry-After.",
                "content": {PROBLEM: {"schema": problem_ref}},
                "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
            })
    for source, targets in LINKS.items():
        if source not in operations:
            continue
        created = next(code for code in operations[source]["responses"] if code in {"201", "202"})
        operations[source]["responses"][created]["headers"] = {
            "Location": {"schema": {"type": "string"}, "description": "The address of what was created."}
        }
        operations[source]["responses"][created]["links"] = {
            target: {"operationId": target, "parameters": {"id": "$response.body#/id"}}
            for target in targets if target in operations
        }
    return result
