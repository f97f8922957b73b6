"""The full advice: classification (EU, US, hospital exemption) plus pathways, obligations and a roadmap.

Additive to advice v1 (schemas/advice.schema.json): ``goals``, ``obligations`` with their triggers
and dates, ``roadmap_start``, ``national_route``, ``flagged_options`` and ``proposed_law``; each
pathway keeps its v1 fields and adds ``goal``, ``serves_goals``, ``instead``, ``needs``, ``statutory``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from classification.rules.engine import advice_document, classify

from .eligibility import evaluate_pathways
from .flagged import flagged_options, national_route, proposed_law
from .goals import goals_of
from .obligations import obligations
from .roadmap import roadmap, roadmap_start


def advise(document: dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    result = classify(document, as_of=as_of)
    goals = goals_of(result.answers.value("goals"))
    pathways = evaluate_pathways(result)
    advice = advice_document(document, result, pathways=[p.to_dict() for p in pathways])
    stage = result.answers.value("development_stage")
    advice["goals"] = goals.to_dict()
    advice["obligations"] = obligations(result, pathways)
    advice["roadmap"] = [m.to_dict() for m in roadmap(stage, pathways, goals)]
    advice["roadmap_start"] = roadmap_start(stage, goals)
    advice["national_route"] = national_route(result, goals)
    advice["flagged_options"] = flagged_options(result, goals)
    advice["proposed_law"] = proposed_law(result, goals)
    return advice
