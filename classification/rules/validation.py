"""Validation of an answers document against the project's copy of answers.schema.json (v1).

Every error names the field as a JSON pointer and says why it was rejected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True, slots=True)
class FieldError:
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


class InvalidAnswers(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), format_checker=FormatChecker())


def _pointer(path) -> str:
    return "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in path)


def _message(error) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field(s): {', '.join(extra)}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{json.dumps(error.instance)} is not one of the allowed values ({allowed})"
    if error.validator == "format" and error.validator_value == "date":
        return f"{json.dumps(error.instance)} is not a date in the form YYYY-MM-DD"
    return error.message


def answers_errors(document: Any) -> list[FieldError]:
    """All errors of an answers document, each naming its field; empty when valid."""
    if not isinstance(document, dict):
        return [FieldError("", "the answers document must be a JSON object")]
    errors = [
        FieldError(_pointer(e.absolute_path), _message(e))
        for e in _validator("answers").iter_errors(document)
    ]
    as_of = document.get("as_of")
    if isinstance(as_of, str) and not errors:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            errors.append(FieldError("/as_of", f"{json.dumps(as_of)} is not a valid calendar date"))
    return sorted(errors, key=lambda e: (e.pointer, e.message))


def validate_answers(document: Any) -> dict[str, Any]:
    errors = answers_errors(document)
    if errors:
        raise InvalidAnswers(errors)
    return document


def advice_errors(advice: dict[str, Any]) -> list[FieldError]:
    return [
        FieldError(_pointer(e.absolute_path), e.message) for e in _validator("advice").iter_errors(advice)
    ]
