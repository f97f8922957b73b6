"""What the result page shows, derived from the advice: every code in words (through
``pathways.rules.labels``), the open answers with the questions they link back to."""

from __future__ import annotations

from typing import Any

from classification.rules.procedures import procedure
from classification.rules.questions import catalogue
from pathways.rules import labels
from pathways.rules.advice_model import Advice, Part

from .models import Assessment
from .wizard import visible


def _missing(model: Advice, answers: dict[str, Any]) -> list[dict[str, Any]]:
    shown = {q.id for q in visible(answers)}
    rows = []
    for qid in model.deciding:
        try:
            question = catalogue().question(qid)
        except KeyError:  # advice saved by an older ruleset may name a question since removed
            continue
        rows.append({"question": question, "askable": qid in shown, "answer": answers.get(qid)})
    return rows


def _trace(part: Part) -> list[dict[str, Any]]:
    return [
        {
            "rule": step.rule,
            "title": step.title,
            "finding": labels.plain(step.finding),
            "citation": step.citation,
            "confidence": labels.confidence(step.confidence) if step.confidence != "V" else "",
        }
        for step in part.trace
    ]


def result_context(assessment: Assessment, advice: dict[str, Any]) -> dict[str, Any]:
    model = Advice.from_dict(advice)
    eu, us, he = model.eu, model.us, model.hospital_exemption
    return {
        "assessment": assessment,
        "advice": advice,
        "model": model,
        "eu_label": labels.eu_outcome(eu),
        "us_label": labels.us_outcome(us, goals=advice.get("goals")),
        "he_label": labels.he_outcome(he),
        "he_unmet": labels.unmet_conditions(he),
        "traces": [
            ("eu-trace", "European Union classification", _trace(eu)),
            ("us-trace", "United States status", _trace(us)),
            ("he-trace", "EU hospital exemption", _trace(he)),
        ],
        "notes": {
            "eu": [labels.plain(n) for n in eu.notes],
            "us": [labels.plain(n) for n in us.notes],
            "he": [labels.plain(n) for n in he.notes],
        },
        "next_steps": {
            "eu": [labels.plain(n) for n in eu.next_steps],
            "us": [labels.plain(n) for n in us.next_steps],
            "he": [labels.plain(n) for n in he.next_steps],
        },
        "missing": _missing(model, assessment.answers),
        "eu_provisional_label": labels.eu_provisional(eu),
        "eu_assumptions": labels.assumptions(eu),
        "us_provisional_label": labels.us_provisional(us),
        "us_assumptions": labels.assumptions(us),
        "cat_procedure": procedure("EU-PROC-CAT-CLASSIFICATION"),
    }
