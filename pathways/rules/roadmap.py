"""From the current development stage, when to request each eligible or potentially eligible
designation that serves the user's goals, and the review clocks that follow. Pure data; the web
app draws it as an SVG.

The roadmap starts at the current stage; an open stage is never read as a default, so there is
no roadmap until the stage is known (``roadmap_start`` says so). A hospital-exemption-only goal
has no industrial roadmap: the national route replaces it (``flagged.national_route``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .eligibility import STAGE_ORDER, PathwayOutcome
from .goals import Goals

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
    jurisdiction: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "pathway_id": self.pathway_id,
            "label": self.label,
            "stage": STAGE_LABELS[self.stage],
            "stage_code": self.stage,
            "jurisdiction": self.jurisdiction,
            "start_month": self.start_month,
            "duration_days": self.duration_days,
            "clock_text": self.clock_text,
            "status": self.status,
        }


def roadmap(
    current_stage: str | None, pathways: list[PathwayOutcome], goals: Goals | None = None
) -> list[Milestone]:
    """The requests from ``current_stage`` on, for the pathways that serve the goals; none while the
    stage is open or when the hospital exemption is the only goal."""
    goals = goals or Goals(())
    if current_stage not in STAGE_ORDER or goals.hospital_exemption_only:
        return []
    now = STAGE_MONTHS[current_stage]
    current_index = STAGE_ORDER.index(current_stage)
    milestones = []
    for outcome in pathways:
        if outcome.status not in {"eligible", "potentially_eligible"} or outcome.pathway.id not in TIMING:
            continue
        if not outcome.serves_goals:
            continue
        stage, offset = TIMING[outcome.pathway.id]
        if STAGE_ORDER.index(stage) < current_index:
            stage, start = current_stage, 0  # the moment has come: act now
        elif outcome.status == "eligible" and outcome.pathway.kind == "designation":
            # Every criterion is met already, the IND of the US designations included: request now.
            stage, start = current_stage, 0
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
                outcome.pathway.jurisdiction,
            )
        )
    return sorted(milestones, key=lambda m: (m.start_month, m.pathway_id))


def roadmap_start(current_stage: str | None, goals: Goals) -> dict[str, Any]:
    """Where the roadmap starts, in words, or why there is none."""
    if goals.hospital_exemption_only:
        return {
            "stage": current_stage,
            "text": "The hospital exemption is the only goal: the national route replaces an industrial roadmap.",
            "needs": [],
        }
    if current_stage not in STAGE_ORDER:
        return {
            "stage": None,
            "text": "The development stage is not known, so the roadmap cannot start from it: tell us the stage "
            "to see when to request each pathway.",
            "needs": ["development_stage"],
        }
    return {
        "stage": current_stage,
        "text": f"From now ({STAGE_LABELS[current_stage]}), for {goals.words()}.",
        "needs": [],
    }
