"""Random valid answers documents drawn from answers.schema.json, for benchmarks.

(The property tests use hypothesis strategies built from the same schema.)"""

from __future__ import annotations

import random
from typing import Any

from .validation import load_schema


def answer_space() -> dict[str, dict[str, Any]]:
    """Each question id of the schema with its JSON-schema definition."""
    return load_schema("answers")["properties"]["answers"]["properties"]


def list_schema(spec: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
    """For a list answer (a multichoice): the schema of the list, and whether "unknown" may stand
    in for the list (``anyOf: [{type: array, ...}, {const: unknown}]``). None for other answers."""
    if spec.get("type") == "array":
        return spec, False
    alternatives = spec.get("anyOf", ())
    lists = [a for a in alternatives if a.get("type") == "array"]
    if not lists:
        return None
    return lists[0], {"const": "unknown"} in alternatives


def random_answers(rng: random.Random, *, answer_probability: float = 0.85) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid, spec in answer_space().items():
        if rng.random() > answer_probability:
            continue
        if "enum" in spec:
            answers[qid] = rng.choice(spec["enum"])
        elif (listed := list_schema(spec)) is not None:
            items, unknown = listed[0]["items"]["enum"], listed[1]
            count = rng.randint(-1 if unknown else 0, 4)
            answers[qid] = "unknown" if count < 0 else rng.sample(items, count)
        elif "number" in spec.get("type", []):
            answers[qid] = rng.choice([None, round(rng.uniform(0, 20), 2)])
        elif "integer" in spec.get("type", []):
            answers[qid] = rng.choice([None, rng.randint(0, 1_000_000)])
    return {"schema_version": "1", "answers": answers}
