"""A fast check that an answers document is plainly valid, compiled from answers.schema.json.

Full validation (``validation.answers_errors``: the JSON schema and the checks before it) costs
more than the rules themselves. Most documents the engine sees are plainly valid: every answer
one of its allowed values, lists of known steps, finite numbers in range, short clean text. This
check accepts only such documents and says nothing about the others, which go through full
validation for their error messages. It never accepts a document full validation would refuse:
a property test compares the two over random documents, valid and invalid.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from typing import Any

from .sampling import list_schema
from .validation import load_schema

_ENUM = "enum"
_LIST = "list"
_NUMBER = "number"
_INTEGER = "integer"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@cache
def _compiled() -> tuple[dict[str, tuple[Any, ...]], dict[str, int]]:
    schema = load_schema("answers")
    answers: dict[str, tuple[Any, ...]] = {}
    for qid, spec in schema["properties"]["answers"]["properties"].items():
        if "enum" in spec:
            # True == 1 in Python: keep the enum's values with their types.
            answers[qid] = (_ENUM, frozenset((type(v), v) for v in spec["enum"]))
        elif (listed := list_schema(spec)) is not None:
            array, unknown = listed
            answers[qid] = (
                _LIST,
                frozenset(array["items"]["enum"]),
                bool(array.get("uniqueItems")),
                array.get("maxItems"),
                unknown,
            )
        else:
            types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
            kind = _INTEGER if "integer" in types else _NUMBER
            answers[qid] = (kind, "null" in types, spec.get("minimum"), spec.get("maximum"))
    product = {
        name: spec.get("maxLength", 0) for name, spec in schema["properties"]["product"]["properties"].items()
    }
    return answers, product


def _plain_text(value: Any, limit: int) -> bool:
    if type(value) is not str or len(value) > limit or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def _plain_answer(spec: tuple[Any, ...], value: Any) -> bool:
    kind = spec[0]
    if kind == _ENUM:
        return type(value) in (str, bool, int, float, type(None)) and (type(value), value) in spec[1]
    if kind == _LIST:
        _, allowed, unique, most, unknown = spec
        if unknown and type(value) is str and value == "unknown":
            return True
        if type(value) is not list or (most is not None and len(value) > most):
            return False
        if not all(type(v) is str and v in allowed for v in value):
            return False
        return not unique or len(set(value)) == len(value)
    _, nullable, low, high = spec
    if value is None:
        return nullable
    if kind == _INTEGER:
        if type(value) is not int or abs(value) > 10**15:
            return False
    elif type(value) not in (int, float) or not math.isfinite(value) or abs(value) > 10**15:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def plainly_valid(document: Any) -> bool:
    """True only for a document that full validation certainly accepts."""
    if type(document) is not dict or document.get("schema_version") != "1":
        return False
    if not set(document) <= {"schema_version", "answers", "as_of", "product"}:
        return False
    answers_spec, product_spec = _compiled()
    answers = document.get("answers")
    if type(answers) is not dict:
        return False
    for qid, value in answers.items():
        spec = answers_spec.get(qid)
        if spec is None or not _plain_answer(spec, value):
            return False
    if "as_of" in document:
        as_of = document["as_of"]
        if type(as_of) is not str or not _DATE.fullmatch(as_of):
            return False
        try:
            date.fromisoformat(as_of)
        except ValueError:
            return False
    if "product" in document:
        product = document["product"]
        if type(product) is not dict:
            return False
        for name, value in product.items():
            if name not in product_spec or not _plain_text(value, product_spec[name]):
                return False
    return True
