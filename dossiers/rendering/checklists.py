"""The dossier's checklists (checklists.yaml), each with a line on whether it matters for this product."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pathways.rules import labels

CHECKLISTS_FILE = Path(__file__).with_name("checklists.yaml")
CONFIDENCE_TAGS = ("V", "S", "R")
# The checklists _relevance knows how to judge; checklists.yaml may hold no other.
RELEVANCE_RULES = {"cat_classification", "us_rmat_breakthrough", "hospital_exemption"}


@cache
def _load() -> tuple[dict[str, Any], ...]:
    entries = yaml.safe_load(CHECKLISTS_FILE.read_text(encoding="utf-8"))
    for entry in entries:
        missing = {"id", "title", "rule", "citation", "items"} - entry.keys()
        if missing:
            raise ValueError(f"{CHECKLISTS_FILE.name}: checklist {entry.get('id')!r} lacks {sorted(missing)}")
        if entry["id"] not in RELEVANCE_RULES:
            raise ValueError(f"{CHECKLISTS_FILE.name}: checklist {entry['id']!r} has no relevance rule in {__name__}")
        for item in entry["items"]:
            if item.get("confidence") not in CONFIDENCE_TAGS:
                raise ValueError(f"{CHECKLISTS_FILE.name}: {entry['id']}: an item lacks a confidence tag V, S or R")
    return tuple(entries)


def _relevance(checklist_id: str, advice: dict[str, Any]) -> tuple[bool, str]:
    eu, he = advice["eu"], advice["hospital_exemption"]
    if checklist_id == "cat_classification":
        if eu.get("borderline") or eu["category"] == "undetermined":
            return True, "Recommended: the EU classification is borderline or undetermined."
        return False, "Optional: the EU classification looks settled; a free CAT recommendation would confirm it."
    if checklist_id == "us_rmat_breakthrough":
        wanted = {"US_RMAT": "RMAT", "US_BREAKTHROUGH": "Breakthrough Therapy"}
        open_ = [
            f"{wanted[p['id']]} ({labels.pathway_status(p['status'])})"
            for p in advice.get("pathways", [])
            if p["id"] in wanted and p["status"] in {"eligible", "potentially_eligible"}
        ]
        if open_:
            return True, "Relevant: " + " and ".join(open_) + "."
        return False, "Not needed now: neither RMAT nor Breakthrough Therapy is eligible or potentially eligible."
    if checklist_id == "hospital_exemption":
        if he["status"] == "not_applicable":
            return False, "Not needed: the hospital exemption does not apply to this product."
        route = he.get("national_route") or {}
        where = f" The national competent authority decides: {route['authority']}." if route.get("authority") else ""
        if he["status"] == "not_eligible":
            return True, "Conditions are not met yet; see the hospital-exemption reasoning." + where
        return True, f"Relevant: the hospital exemption is {labels.he_status(he['status']).lower()}." + where
    raise ValueError(f"no relevance rule for checklist {checklist_id!r}")


def checklists(advice: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for entry in _load():
        relevant, relevance = _relevance(entry["id"], advice)
        result.append(
            {
                **entry,
                "relevant": relevant,
                "relevance": relevance,
                "items": [
                    {**item, "confidence_label": labels.confidence(item["confidence"])} for item in entry["items"]
                ],
            }
        )
    return result
