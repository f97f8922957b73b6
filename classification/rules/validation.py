"""Validation of an answers document against the project's copy of answers.schema.json (v1).

Every error names the field as a JSON pointer and says why it was rejected. Before the schema,
a walk refuses what no schema keyword catches and what would otherwise fail far from here:
non-finite and absurdly large numbers, NUL characters (PostgreSQL cannot store them), lone
surrogates (not encodable as UTF-8), nesting beyond ``MAX_DEPTH`` (the schema itself nests
three levels; deeper input would only exhaust the stack of whatever reads it next) and containers
of more than ``MAX_ITEMS`` (the schema's uniqueItems check is quadratic on some inputs).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from .parameters import PARAMETERS

# An installed wheel carries the schemas in classification/rules/schemas (pyproject.toml maps that
# package to the project's schemas/ folder); a checkout reads them from schemas/ at its root.
_PACKAGED_SCHEMAS = Path(__file__).resolve().with_name("schemas")
SCHEMA_DIR = (
    _PACKAGED_SCHEMAS if _PACKAGED_SCHEMAS.is_dir() else Path(__file__).resolve().parents[2] / "schemas"
)

# Limits of the walk that runs before the schema.
MAX_DEPTH = 16  # containers inside containers; a v1 document needs 3
MAX_NUMBER = 10**15  # no count or rate in the answers comes near it; beyond 2**53 JSON readers round
MAX_NUMBER_TEXT = "1,000,000,000,000,000"
MAX_INTEGER_DIGITS = 16  # an integer literal longer than this is refused without converting it
MAX_ITEMS = 200  # items of one list or fields of one object; a v1 document needs fewer than 60
MAX_ERRORS = 20  # a document with thousands of bad values gets the first ones, not a page of thousands


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


def _printable(text: str, limit: int = 60) -> str:
    """Text safe to show and to encode as UTF-8: NUL and lone surrogates written as escapes, shortened."""
    safe = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")
    return safe if len(safe) <= limit else safe[: limit - 1] + "\u2026"


def _pointer(path) -> str:
    return "".join(f"/{_printable(str(p)).replace('~', '~0').replace('/', '~1')}" for p in path)


def _shown(value: Any) -> str:
    """A value as JSON for a message, shortened: a message never repeats a megabyte of input."""
    return _printable(json.dumps(value), limit=80)


def _message(error) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field(s): {', '.join(_printable(key) for key in extra[:MAX_ERRORS])}"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{_shown(error.instance)} is not one of the allowed values ({allowed})"
    if error.validator == "format" and error.validator_value == "date":
        return f"{_shown(error.instance)} is not a date in the form YYYY-MM-DD"
    if error.validator == "maxLength":
        return f"is longer than {error.validator_value} characters"
    if error.validator == "type":
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        return f"{_shown(error.instance)} is not of type {' or '.join(expected)}"
    return _printable(error.message, limit=300)


def _leaves(error) -> list:
    """A list answer that may also be "unknown" (``anyOf``): the errors of the list itself when a
    list was given, so that the message names the item at fault, else one error in words."""
    if error.validator != "anyOf":
        return [error]
    branches = error.validator_value
    if isinstance(error.instance, list):
        index = next((i for i, b in enumerate(branches) if b.get("type") == "array"), None)
        inner = [e for e in error.context or () if e.schema_path and e.schema_path[0] == index]
        if inner:
            return inner
    return [_AnyOfError(error)]


class _AnyOfError:
    """An ``anyOf`` refusal told in words: what the answer may be."""

    validator = "anyOf (in words)"

    def __init__(self, error) -> None:
        self.absolute_path = error.absolute_path
        kinds = []
        for branch in error.validator_value:
            if branch.get("type") == "array":
                kinds.append("a list of allowed values")
            elif "const" in branch:
                kinds.append(json.dumps(branch["const"]))
        self.message = f"{_shown(error.instance)} is not {' or '.join(kinds)}"


@cache
def earliest_as_of() -> date:
    """The first day on which every dated parameter has a value: the rules cannot run before it."""
    return max(parameter.dates[0] for parameter in PARAMETERS.values())


@dataclass(frozen=True, slots=True)
class RefusedLiteral:
    """A JSON literal refused while parsing (NaN, Infinity, a number too large to hold), kept
    in its place so that the walk names the field it was given for."""

    reason: str


def _refuse_constant(name: str) -> RefusedLiteral:
    return RefusedLiteral(f"{name} is not a number: give a finite number, or null when it is not known")


def _parse_int(text: str) -> int | RefusedLiteral:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        return RefusedLiteral(f"a number of {digits} digits is too large (at most {MAX_NUMBER_TEXT})")
    return int(text)


def _parse_float(text: str) -> float | RefusedLiteral:
    value = float(text)
    if not math.isfinite(value):
        return RefusedLiteral(f"{_printable(text, 20)} is too large (at most {MAX_NUMBER_TEXT})")
    return value


def parse_answers_json(text: str) -> Any:
    """Parses the text of an answers document; InvalidAnswers when it is not JSON or nests too deeply.

    NaN, Infinity and huge numbers do not raise here: they become ``RefusedLiteral`` in place, and
    ``answers_errors`` names the field that holds them."""
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, parse_int=_parse_int, parse_float=_parse_float
        )
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise InvalidAnswers([FieldError("", message)]) from None
    except RecursionError:
        message = f"the document is nested more deeply than {MAX_DEPTH} levels"
        raise InvalidAnswers([FieldError("", message)]) from None


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character, which is not allowed"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an invalid character (a lone UTF-16 surrogate)"
    return None


def _value_problem(value: Any) -> str | None:
    if isinstance(value, RefusedLiteral):
        return value.reason
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    if isinstance(value, int | float) and abs(value) > MAX_NUMBER:
        return f"is too large (at most {MAX_NUMBER_TEXT})"
    if isinstance(value, str):
        return _string_problem(value)
    if not isinstance(value, dict | list | int | float):
        return f"a {type(value).__name__} is not a JSON value"
    return None


def input_errors(document: Any) -> list[FieldError]:
    """What the schema cannot refuse, each error naming its field: see the module's docstring.

    Iterative, so that no nesting depth can exhaust the stack; stops after ``MAX_ERRORS``."""
    errors: list[FieldError] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack and len(errors) < MAX_ERRORS:
        value, path = stack.pop()
        problem = _value_problem(value)
        if problem:
            errors.append(FieldError(_pointer(path), problem))
            continue
        if not isinstance(value, dict | list):
            continue
        if len(path) >= MAX_DEPTH:
            errors.append(FieldError(_pointer(path), f"nested more deeply than {MAX_DEPTH} levels"))
            continue
        if len(value) > MAX_ITEMS:
            errors.append(FieldError(_pointer(path), f"has {len(value)} items, more than {MAX_ITEMS}"))
            continue
        if isinstance(value, dict):
            for key in value:
                problem = _string_problem(key) if isinstance(key, str) else "a field name must be a string"
                if problem:
                    errors.append(FieldError(_pointer((*path, key)), f"the field name {problem}"))
            children = [(item, (*path, key)) for key, item in value.items()]
        else:
            children = [(item, (*path, index)) for index, item in enumerate(value)]
        stack.extend(reversed(children))
    return errors[:MAX_ERRORS]


def answers_errors(document: Any) -> list[FieldError]:
    """All errors of an answers document, each naming its field; empty when valid."""
    if not isinstance(document, dict):
        return [FieldError("", "the answers document must be a JSON object")]
    refused = input_errors(document)
    if refused:
        return sorted(refused, key=lambda e: (e.pointer, e.message))
    errors = [
        FieldError(_pointer(leaf.absolute_path), _message(leaf))
        for _, e in zip(range(MAX_ERRORS), _validator("answers").iter_errors(document), strict=False)
        for leaf in _leaves(e)
    ][:MAX_ERRORS]
    as_of = document.get("as_of")
    if isinstance(as_of, str) and not errors:
        try:
            when = date.fromisoformat(as_of)
        except ValueError:
            errors.append(FieldError("/as_of", f"{json.dumps(as_of)} is not a valid calendar date"))
        else:
            if when < earliest_as_of():
                errors.append(
                    FieldError("/as_of", f"the rules cover dates from {earliest_as_of().isoformat()} on")
                )
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
