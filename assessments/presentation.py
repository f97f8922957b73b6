"""What the result page shows, derived from the advice snapshot: labels in words, the missing
answers with the questions they link back to."""

from __future__ import annotations

from typing import Any

from classification.rules.procedures import procedure
from classification.rules.questions import catalogue

from .models import Assessment
from .summary import EU_CATEGORY_LABELS, HE_STATUS_LABELS, NOT_ATMP_ROUTE_LABELS, US_STATUS_LABELS
from .wizard import visible

LEAD_CENTER_LABELS = {
    "CBER": "CBER (Center for Biologics Evaluation and Research)",
    "CDER": "CDER (Center for Drug Evaluation and Research)",
    "CDRH": "CDRH (Center for Devices and Radiological Health)",
}


def _deciding(part: dict[str, Any]) -> list[str]:
    """The open questions that change this part of the advice (``decisive``; advice saved
    before ruleset 2026.12.1 has only ``missing``)."""
    return part["decisive"] if "decisive" in part else part.get("missing", [])


def _missing(advice: dict[str, Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    shown = {q.id for q in visible(answers)}
    ids = list(dict.fromkeys(
        _deciding(advice["eu"]) + _deciding(advice["us"]) + _deciding(advice["hospital_exemption"])
    ))
    rows = []
    for qid in ids:
        try:
            question = catalogue().question(qid)
        except KeyError:
            continue
        rows.append({"question": question, "askable": qid in shown, "answer": answers.get(qid)})
    return rows


def _assumptions(provisional: dict[str, Any] | None) -> list[dict[str, str]]:
    """The assumptions of a provisional outcome in words: question, assumed answer, why."""
    rows = []
    for qid, item in ((provisional or {}).get("assumes") or {}).items():
        question = catalogue().question(qid)
        rows.append({
            "question": question.text,
            "answer": question.choice_label(item["answer"]),
            "reason": item["reason"],
            "source": item["source"],
        })
    return rows


def result_context(assessment: Assessment) -> dict[str, Any]:
    advice = assessment.advice
    eu, us, he = advice["eu"], advice["us"], advice["hospital_exemption"]
    return {
        "assessment": assessment,
        "advice": advice,
        "eu_label": EU_CATEGORY_LABELS.get(eu["category"], eu["category"]),
        "not_atmp_label": NOT_ATMP_ROUTE_LABELS.get(eu.get("not_atmp_route") or "", ""),
        "us_label": US_STATUS_LABELS.get(us["status"], us["status"]),
        "lead_center_label": LEAD_CENTER_LABELS.get(us.get("lead_center") or "", ""),
        "he_label": HE_STATUS_LABELS.get(he["status"], he["status"]),
        "traces": [
            ("eu-trace", "European Union classification", eu["trace"]),
            ("us-trace", "United States status", us["trace"]),
            ("he-trace", "EU hospital exemption", he["trace"]),
        ],
        "missing": _missing(advice, assessment.answers),
        "eu_provisional_label": _provisional_label(eu, "category", EU_CATEGORY_LABELS),
        "eu_assumptions": _assumptions(eu.get("provisional")),
        "us_provisional_label": _provisional_label(us, "status", US_STATUS_LABELS),
        "us_assumptions": _assumptions(us.get("provisional")),
        "cat_procedure": procedure("EU-PROC-CAT-CLASSIFICATION"),
    }


def _provisional_label(part: dict[str, Any], key: str, labels: dict[str, str]) -> str:
    provisional = part.get("provisional")
    if not provisional:
        return ""
    label = labels.get(provisional[key], provisional[key])
    if provisional.get("combined_atmp"):
        label += ", combined ATMP"
    return label
