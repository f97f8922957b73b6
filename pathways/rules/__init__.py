"""Pathways rules (pure Python). Until the pathway catalogue lands, ``advise`` returns the
classification advice with an empty ``pathways`` list, as advice.schema.json allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.engine import evaluate


def advise(document: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    return evaluate(document, as_of=as_of)
