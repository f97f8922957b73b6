"""The full advice: classification (EU, US, hospital exemption) plus pathways, obligations and a roadmap."""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.engine import advice_document, classify

from .eligibility import evaluate_pathways
from .obligations import obligations
from .roadmap import roadmap


def advise(document: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    result = classify(document, as_of=as_of)
    pathways = evaluate_pathways(result)
    advice = advice_document(document, result, pathways=[p.to_dict() for p in pathways])
    advice["obligations"] = obligations(result)
    advice["roadmap"] = [m.to_dict() for m in roadmap(result.answers.value("development_stage"), pathways)]
    return advice
