"""What the pathway pages show, from a saved advice document: the options that serve the user's
goals apart from the obligations, each obligation with its trigger, date and the answers it needs in
words. Pure (no Django); advice saved by an older ruleset (no ``serves_goals``) shows everything."""

from __future__ import annotations

from typing import Any

from pathways.rules.labels import open_questions

from .roadmap_svg import roadmap_chart

APPLIES = {
    "yes": "Applies when the trigger happens",
    "depends": "Depends on the product or an answer",
    "from_date": "Applies from the date given",
}


def _served(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i.get("serves_goals", True)]


def obligation_rows(advice: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            **o,
            "applies_words": APPLIES.get(o.get("applies", "yes"), ""),
            "needs_words": open_questions(o.get("needs", [])),
        }
        for o in _served(advice.get("obligations") or [])
    ]


def comparison_context(advice: dict[str, Any]) -> dict[str, Any]:
    pathways = [
        {**p, "needs_words": open_questions(p.get("needs", []))} for p in _served(advice.get("pathways", []))
    ]
    columns = [(j, [p for p in pathways if p["jurisdiction"] == j]) for j in ("EU", "US")]
    columns = [(j, ps) for j, ps in columns if ps]
    route = advice.get("national_route")
    return {
        "columns": columns,
        "others": [p for p in pathways if p["jurisdiction"] not in {"EU", "US"}],
        "roadmap": roadmap_chart(advice.get("roadmap", [])),
        "roadmap_start": advice.get("roadmap_start"),
        "obligations": obligation_rows(advice),
        "national_route": {**route, "needs_words": open_questions(route.get("needs", []))} if route else None,
        "flagged_options": _served(advice.get("flagged_options") or []),
        "proposed_law": _served(advice.get("proposed_law") or []),
    }
