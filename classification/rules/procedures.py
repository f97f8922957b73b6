"""The official procedures the advice refers to (CAT Art 17, SoHO Art 13, TRG, Pre-RFD, RFD),
defined once in ``procedures.yaml`` and looked up by id. The national hospital-exemption routes
are defined in the hospital-exemption register, one per Member State."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .core import Citation

PROCEDURES_FILE = Path(__file__).resolve().parent / "procedures.yaml"


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str
    name: str
    authority: str
    binding: bool
    clock: str
    fee: str
    next_step: str
    citation: Citation
    confidence: str
    verified_on: date
    in_force_from: date | None = None

    def in_force(self, as_of: date) -> bool:
        return self.in_force_from is None or as_of >= self.in_force_from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "authority": self.authority,
            "binding": self.binding,
            "clock": self.clock,
            "fee": self.fee,
            "citation": self.citation.to_dict(),
        }


def _load() -> dict[str, Procedure]:
    data = yaml.safe_load(PROCEDURES_FILE.read_text(encoding="utf-8"))
    procedures: dict[str, Procedure] = {}
    for entry in data["procedures"]:
        if entry["id"] in procedures:
            raise ValueError(f"duplicate procedure {entry['id']}")
        procedures[entry["id"]] = Procedure(
            id=entry["id"],
            name=entry["name"],
            authority=entry["authority"],
            binding=bool(entry["binding"]),
            clock=entry["clock"],
            fee=entry["fee"],
            next_step=" ".join(str(entry["next_step"]).split()),
            citation=Citation.from_dict(entry["citation"]),
            confidence=entry.get("confidence", "V"),
            verified_on=entry["verified_on"],
            in_force_from=entry.get("in_force_from"),
        )
    return procedures


PROCEDURES: dict[str, Procedure] = _load()


def procedure(procedure_id: str) -> Procedure:
    try:
        return PROCEDURES[procedure_id]
    except KeyError:
        raise KeyError(f"no procedure {procedure_id} in procedures.yaml") from None
