"""The pathway catalogue (catalogue.yaml), loaded once into frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from classification.rules.core import Citation


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    id: str
    text: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Pathway:
    id: str
    name: str
    jurisdiction: str
    kind: str
    domain_ref: str
    confidence: str
    legal_basis: Citation
    criteria: tuple[CriterionSpec, ...]
    when_to_request: str
    response_clock: str
    response_days: int
    benefits: str
    stacking: str
    in_force_from: date | None = None

    def criterion(self, criterion_id: str) -> CriterionSpec:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"{self.id} has no criterion {criterion_id}")


@cache
def catalogue() -> dict[str, Pathway]:
    data = yaml.safe_load(Path(__file__).with_name("catalogue.yaml").read_text(encoding="utf-8"))
    pathways = {}
    for entry in data["pathways"]:
        basis = entry["legal_basis"]
        pathways[entry["id"]] = Pathway(
            id=entry["id"],
            name=entry["name"],
            jurisdiction=entry["jurisdiction"],
            kind=entry["kind"],
            domain_ref=entry["domain_ref"],
            confidence=entry["confidence"],
            legal_basis=Citation(basis["instrument"], basis["provision"], basis.get("url")),
            criteria=tuple(
                CriterionSpec(c["id"], c["text"], c.get("evidence", "")) for c in entry["criteria"]
            ),
            when_to_request=entry["when_to_request"],
            response_clock=entry["response_clock"],
            response_days=int(entry.get("response_days", 0)),
            benefits=entry["benefits"],
            stacking=entry["stacking"],
            in_force_from=entry.get("in_force_from"),
        )
    return pathways
