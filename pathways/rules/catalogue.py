"""The pathway catalogue (catalogue.yaml), loaded once into frozen dataclasses.

One criterion id, one citation: a criterion cites its own ``citation`` where it has one, else
the legal basis of its pathway. A criterion used by several pathways (the "serious condition" of
the US expedited programmes, US-EXP-0.1) is defined once under ``shared_criteria`` and named by
its id alone in each pathway; the loader refuses a criterion id that would resolve to two
citations (or two texts) anywhere in the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from classification.rules.core import Citation

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    id: str
    text: str
    evidence: str
    citation: Citation | None = None  # None: the pathway's legal basis


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
    statutory: bool = True  # False: a programme resting on guidance or policy, not on law

    def criterion(self, criterion_id: str) -> CriterionSpec:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"{self.id} has no criterion {criterion_id}")

    def citation_of(self, criterion_id: str) -> Citation:
        """The one citation of a criterion: its own, or the pathway's legal basis."""
        return self.criterion(criterion_id).citation or self.legal_basis


def _criterion(entry: Mapping[str, Any]) -> CriterionSpec:
    citation = entry.get("citation")
    return CriterionSpec(
        str(entry["id"]),
        str(entry["text"]),
        str(entry.get("evidence", "")),
        Citation.from_dict(citation) if citation else None,
    )


def _load(data: Mapping[str, Any]) -> dict[str, Pathway]:
    shared = {str(c["id"]): _criterion(c) for c in data.get("shared_criteria") or []}
    pathways: dict[str, Pathway] = {}
    cited: dict[str, tuple[Citation, str]] = {}  # criterion id -> (its one citation, the pathway that set it)
    for entry in data["pathways"]:
        basis = Citation.from_dict(entry["legal_basis"])
        criteria = []
        for c in entry["criteria"]:
            criterion_id = str(c["id"])
            if criterion_id in shared:
                if set(c) != {"id"}:
                    raise ValueError(
                        f"{entry['id']}: {criterion_id} is a shared criterion; name it by its id only"
                    )
                spec = shared[criterion_id]
            elif criterion_id in cited:
                raise ValueError(
                    f"criterion {criterion_id} is defined in {cited[criterion_id][1]} and {entry['id']}: "
                    "define a criterion of several pathways once, under shared_criteria"
                )
            else:
                spec = _criterion(c)
            citation = spec.citation or basis
            first = cited.setdefault(criterion_id, (citation, entry["id"]))
            if first[0] != citation:
                raise ValueError(
                    f"criterion {criterion_id} cites {citation} in {entry['id']} but {first[0]} in {first[1]}: "
                    "one criterion id, one citation"
                )
            criteria.append(spec)
        pathways[entry["id"]] = Pathway(
            id=entry["id"],
            name=entry["name"],
            jurisdiction=entry["jurisdiction"],
            kind=entry["kind"],
            domain_ref=entry["domain_ref"],
            confidence=entry["confidence"],
            legal_basis=basis,
            criteria=tuple(criteria),
            when_to_request=entry["when_to_request"],
            response_clock=entry["response_clock"],
            response_days=int(entry.get("response_days", 0)),
            benefits=entry["benefits"],
            stacking=entry["stacking"],
            in_force_from=entry.get("in_force_from"),
            statutory=bool(entry.get("statutory", True)),
        )
    return pathways


@cache
def catalogue() -> dict[str, Pathway]:
    return _load(yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8")))
