"""The documents' words for the codes of an advice: every label comes from the one labels module
(pathways/rules/labels.py); this module only joins them into phrases."""

from __future__ import annotations

from typing import Any

from pathways.rules import labels
from pathways.rules.labels import (  # noqa: F401  (re-exported: the documents read their labels here)
    assumptions,
    criterion_status,
    eu_outcome,
    eu_provisional,
    he_outcome,
    jurisdiction,
    open_questions,
    pathway_status,
    plain,
    unmet_conditions,
    us_outcome,
    us_provisional,
)


def confidence(tag: str | None) -> str:
    return labels.confidence(tag)


def deciding(part: dict[str, Any]) -> list[str]:
    """The open questions that change this part of the advice (advice saved before 2026.12.1 has
    only ``missing``)."""
    return part["decisive"] if "decisive" in part else part.get("missing", [])


def and_list(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
