"""Codes of the advice turned into words for the documents, through the one labels module
(pathways/rules/labels.py); this module only chooses which label a document needs and joins them."""

from __future__ import annotations

from typing import Any

from pathways.rules.labels import (
    EU_CATEGORY_LABELS,
    HE_STATUS_LABELS,
    NOT_ATMP_ROUTE_LABELS,
    PATHWAY_STATUS_LABELS,
    US_STATUS_LABELS,
)

LEAD_CENTER_LABELS = {
    "CBER": "CBER (Center for Biologics Evaluation and Research)",
    "CDER": "CDER (Center for Drug Evaluation and Research)",
    "CDRH": "CDRH (Center for Devices and Radiological Health)",
}
CRITERION_STATUS_LABELS = {"met": "Met", "not_met": "Not met", "unknown": "Unknown: evidence needed"}
JURISDICTION_LABELS = {"EU": "EU", "US": "US", "UK": "UK", "JP": "Japan"}


def _eu(category: str, combined: bool | None, route: str | None = None) -> str:
    label = EU_CATEGORY_LABELS.get(category, category)
    if combined:
        label += ", combined ATMP"
    if route:
        label += f": {NOT_ATMP_ROUTE_LABELS.get(route, route)}"
    return label


def eu_outcome(eu: dict[str, Any]) -> str:
    return _eu(eu["category"], eu.get("combined_atmp"), eu.get("not_atmp_route"))


def eu_provisional(eu: dict[str, Any]) -> str:
    provisional = eu.get("provisional") or {}
    return _eu(provisional.get("category", ""), provisional.get("combined_atmp")) if provisional else ""


def us_outcome(us: dict[str, Any]) -> str:
    label = US_STATUS_LABELS.get(us["status"], us["status"])
    if us.get("combination_product"):
        lead = LEAD_CENTER_LABELS.get(us.get("lead_center") or "", "")
        label += f"; a combination product, lead centre {lead or 'to be decided by FDA'}"
    elif us.get("lead_center") in LEAD_CENTER_LABELS:
        label += f", reviewed by {LEAD_CENTER_LABELS[us['lead_center']]}"
    return label


def us_provisional(us: dict[str, Any]) -> str:
    provisional = us.get("provisional") or {}
    return US_STATUS_LABELS.get(provisional.get("status", ""), "") if provisional else ""


def he_outcome(he: dict[str, Any]) -> str:
    return HE_STATUS_LABELS.get(he["status"], he["status"])


def pathway_status(status: str) -> str:
    return PATHWAY_STATUS_LABELS.get(status, status.replace("_", " "))


def criterion_status(status: str | None) -> str:
    return CRITERION_STATUS_LABELS.get(status or "", "")


def jurisdiction(code: str) -> str:
    return JURISDICTION_LABELS.get(code, code)


def rule_titles(rule_ids: list[str], trace: list[dict[str, Any]]) -> list[str]:
    """The titles of the rules (conditions) named by id, from the trace that records them."""
    titles = {step["rule"]: step.get("title") or "" for step in trace}
    return [titles[rid] for rid in rule_ids if titles.get(rid)]


def deciding(part: dict[str, Any]) -> list[str]:
    """The open questions that change this part of the advice (advice saved before 2026.12.1 has
    only ``missing``)."""
    return part["decisive"] if "decisive" in part else part.get("missing", [])


def and_list(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
