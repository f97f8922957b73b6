"""From the current development stage, when to request each eligible or potentially eligible
designation, and the review clocks that follow. Pure data; the web app draws it as an SVG."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .eligibility import STAGE_ORDER, PathwayOutcome

STAGE_LABELS = {
    "research": "Research",
    "nonclinical": "Non-clinical",
    "phase_1": "Phase 1",
    "phase_2": "Phase 2",
    "phase_3": "Phase 3",
    "marketing_application": "Marketing application",
    "authorised": "Authorised",
}
# Where in development each pathway is requested, and a typical month offset from the start of that stage.
TIMING = {
    "EU_SME_CERTIFICATION": ("nonclinical", 0),
    "EU_ORPHAN": ("nonclinical", 3),
    "US_ORPHAN": ("nonclinical", 3),
    "US_RARE_PEDIATRIC_PRV": ("nonclinical", 3),
    "UK_ILAP": ("phase_1", 6),
    "US_FAST_TRACK": ("phase_1", 0),
    "US_PLATFORM_TECHNOLOGY": ("phase_1", 0),
    "EU_PRIME": ("phase_1", 6),
    "JP_SAKIGAKE": ("phase_1", 6),
    "US_RMAT": ("phase_2", 0),
    "US_BREAKTHROUGH": ("phase_2", 0),
    "EU_ACCELERATED_ASSESSMENT": ("phase_3", 9),
    "EU_CONDITIONAL_MA": ("marketing_application", 0),
    "EU_EXCEPTIONAL_CIRCUMSTANCES": ("marketing_application", 0),
    "EU_HTA_JCA": ("marketing_application", 0),
    "US_ACCELERATED_APPROVAL": ("marketing_application", 0),
    "US_PRIORITY_REVIEW": ("marketing_application", 0),
    "UK_CONDITIONAL_MA": ("marketing_application", 0),
    "JP_CONDITIONAL_TIME_LIMITED": ("marketing_application", 0),
}
STAGE_MONTHS = {
    "research": 0,
    "nonclinical": 12,
    "phase_1": 30,
    "phase_2": 48,
    "phase_3": 72,
    "marketing_application": 102,
    "authorised": 114,
}


@dataclass(frozen=True, slots=True)
class Milestone:
    pathway_id: str
    label: str
    stage: str
    start_month: int
    duration_days: int
    clock_text: str
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "pathway_id": self.pathway_id,
            "label": self.label,
            "stage": STAGE_LABELS[self.stage],
            "start_month": self.start_month,
            "duration_days": self.duration_days,
            "clock_text": self.clock_text,
            "status": self.status,
        }


def roadmap(current_stage: str | None, pathways: list[PathwayOutcome]) -> list[Milestone]:
    now = STAGE_MONTHS.get(current_stage or "research", 0)
    current_index = STAGE_ORDER.index(current_stage) if current_stage in STAGE_ORDER else 0
    milestones = []
    for outcome in pathways:
        if outcome.status not in {"eligible", "potentially_eligible"} or outcome.pathway.id not in TIMING:
            continue
        stage, offset = TIMING[outcome.pathway.id]
        if STAGE_ORDER.index(stage) < current_index:
            stage, start = current_stage or stage, 0  # the moment has come: act now
        elif outcome.status == "eligible" and outcome.pathway.kind == "designation":
            # Every criterion is met already, the IND of the US designations included: request now.
            stage, start = current_stage or stage, 0
        else:
            start = STAGE_MONTHS[stage] + offset - now
        milestones.append(
            Milestone(
                outcome.pathway.id,
                f"Request {outcome.pathway.name}"
                if outcome.pathway.kind == "designation"
                else outcome.pathway.name,
                stage,
                max(0, start),
                outcome.pathway.response_days,
                outcome.pathway.response_clock,
                outcome.status,
            )
        )
    return sorted(milestones, key=lambda m: (m.start_month, m.pathway_id))
