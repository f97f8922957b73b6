"""What the result page shows, derived from the advice snapshot: labels in words, the missing
answers with the questions they link back to."""

from __future__ import annotations

from typing import Any

from .models import Assessment
from .rules.questions import catalogue
from .summary import EU_CATEGORY_LABELS, HE_STATUS_LABELS, NOT_ATMP_ROUTE_LABELS, US_STATUS_LABELS
from .wizard import visible

LEAD_CENTER_LABELS = {
    "CBER": "CBER (Center for Biologics Evaluation and Research)",
    "CDER": "CDER (Center for Drug Evaluation and Research)",
    "CDRH": "CDRH (Center for Devices and Radiological Health)",
}


def _missing(advice: dict[str, Any], answers: dict[str, Any]) -> list[dict[str, Any]]:
    shown = {q.id for q in visible(answers)}
    ids = list(dict.fromkeys(advice["eu"]["missing"] + advice["us"]["missing"]
                             + advice["hospital_exemption"].get("missing", [])))
    rows = []
    for qid in ids:
        try:
            question = catalogue().question(qid)
        except KeyError:
            continue
        rows.append({"question": question, "askable": qid in shown, "answer": answers.get(qid)})
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
    }
