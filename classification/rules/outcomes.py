"""The outcome of each part of the engine, before it becomes the advice document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import Citation, Step


@dataclass(slots=True)
class Framework:
    """The legal framework that applies instead, when a product is not an ATMP."""

    name: str
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "citation": self.citation.to_dict()}


@dataclass(slots=True)
class EUOutcome:
    category: str  # GTMP | sCTMP | TEP | not_ATMP | undetermined
    combined_atmp: bool | None = False  # None while the device question is open
    not_atmp_route: str | None = None
    borderline: bool = False
    missing: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)
    framework: Framework | None = None
    next_steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    provisional: dict[str, Any] | None = None

    @property
    def is_atmp(self) -> bool:
        return self.category in {"GTMP", "sCTMP", "TEP"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "combined_atmp": self.combined_atmp,
            "not_atmp_route": self.not_atmp_route,
            "borderline": self.borderline,
            "missing": list(dict.fromkeys(self.missing)),
            "trace": [s.to_dict() for s in self.trace],
            "framework": self.framework.to_dict() if self.framework else None,
            "next_steps": list(self.next_steps),
            "notes": list(self.notes),
            "decisive": list(self.decisive),
            "provisional": self.provisional,
        }


@dataclass(slots=True)
class USOutcome:
    status: str  # 361_hctp | 351_biologic | drug | device | exempt_1271_15 | other_framework | undetermined
    combination_product: bool | None = False  # None while an open answer decides it
    lead_center: str | None = None
    borderline: bool = False
    missing: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    provisional: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "combination_product": self.combination_product,
            "lead_center": self.lead_center,
            "borderline": self.borderline,
            "missing": list(dict.fromkeys(self.missing)),
            "trace": [s.to_dict() for s in self.trace],
            "next_steps": list(self.next_steps),
            "notes": list(self.notes),
            "decisive": list(self.decisive),
            "provisional": self.provisional,
        }


@dataclass(slots=True)
class NationalRoute:
    country: str  # ISO 3166-1 alpha-2, or "unknown"
    authority: str
    legal_basis: str
    url: str | None = None
    details: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "authority": self.authority,
            "legal_basis": self.legal_basis,
            "url": self.url,
            "details": self.details,
        }


@dataclass(slots=True)
class HospitalExemptionOutcome:
    status: str  # eligible | not_eligible | not_applicable | undetermined
    unmet_conditions: list[str] = field(default_factory=list)  # rule ids, e.g. EU-HE-2.4
    missing: list[str] = field(default_factory=list)
    trace: list[Step] = field(default_factory=list)
    national_route: NationalRoute | None = None
    next_steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "unmet_conditions": list(self.unmet_conditions),
            "missing": list(dict.fromkeys(self.missing)),
            "trace": [s.to_dict() for s in self.trace],
            "national_route": self.national_route.to_dict() if self.national_route else None,
            "next_steps": list(self.next_steps),
            "notes": list(self.notes),
            "decisive": list(self.decisive),
        }
