"""The user's goals (the ``goals`` question): what the pathways, obligations and roadmap serve.

Each goal is one legal route: an EU (centralised) marketing authorisation, a US licence, a UK
marketing authorisation, approval in Japan, or the EU hospital exemption. None ticked means every
goal. Every pathway and obligation belongs to the goal of its jurisdiction; the advice keeps every
pathway with its legal status and says, in ``serves_goals``, whether it serves a goal ticked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EU_MA, US_LICENCE, UK_MA, JP_APPROVAL, HOSPITAL_EXEMPTION = (
    "eu_marketing_authorisation",
    "us_licence",
    "uk_authorisation",
    "japan_approval",
    "hospital_exemption",
)
GOALS = (EU_MA, US_LICENCE, UK_MA, JP_APPROVAL, HOSPITAL_EXEMPTION)
JURISDICTION_GOAL = {"EU": EU_MA, "US": US_LICENCE, "UK": UK_MA, "JP": JP_APPROVAL}
GOAL_WORDS = {
    EU_MA: "an EU marketing authorisation",
    US_LICENCE: "a US licence",
    UK_MA: "a UK marketing authorisation",
    JP_APPROVAL: "approval in Japan",
    HOSPITAL_EXEMPTION: "the hospital exemption",
}


@dataclass(frozen=True, slots=True)
class Goals:
    ticked: tuple[str, ...]  # in catalogue order; empty when none is ticked

    @property
    def served(self) -> tuple[str, ...]:
        return self.ticked or GOALS

    def serves(self, goal: str) -> bool:
        return goal in self.served

    def serves_jurisdiction(self, jurisdiction: str) -> bool:
        return self.serves(JURISDICTION_GOAL[jurisdiction])

    @property
    def hospital_exemption_only(self) -> bool:
        return self.ticked == (HOSPITAL_EXEMPTION,)

    def words(self) -> str:
        """The goals served, in words: "a US licence and the hospital exemption"."""
        names = [GOAL_WORDS[g] for g in self.served]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ticked": list(self.ticked),
            "served": list(self.served),
            "hospital_exemption_only": self.hospital_exemption_only,
        }


def goals_of(value: Any) -> Goals:
    """The goals of an answer to ``goals`` (a list, or None when not answered)."""
    ticked = set(value) if isinstance(value, list) else set()
    return Goals(tuple(g for g in GOALS if g in ticked))
