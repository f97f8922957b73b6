"""Random valid answers documents drawn from answers.schema.json, for benchmarks.

(The property tests use hypothesis strategies built from the same schema.)"""

from __future__ import annotations

import random
from typing import Any

from .validation import load_schema


def answer_space() -> dict[str, dict[str, Any]]:
    """Each question id of the schema with its JSON-schema definition."""
    return load_schema("answers")["properties"]["answers"]["properties"]


def random_answers(rng: random.Random, *, answer_probability: float = 0.85) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid, spec in answer_space().items():
        if rng.random() > answer_probability:
            continue
        if "enum" in spec:
            answers[qid] = rng.choice(spec["enum"])
        elif spec.get("type") == "array":
            items = spec["items"]["enum"]
            answers[qid] = rng.sample(items, rng.randint(0, 4))
        elif "number" in spec.get("type", []):
            answers[qid] = rng.choice([None, round(rng.uniform(0, 20), 2)])
        elif "integer" in spec.get("type", []):
            answers[qid] = rng.choice([None, rng.randint(0, 1_000_000)])
    return {"schema_version": "1", "answers": answers}
