"""A typed, read-only view of an advice document (schemas/advice.schema.json v1).

Pure Python, no Django. ``Advice.from_dict(advice)`` builds it from the dict the engine returns
(or a snapshot saved by an older ruleset: optional keys default to empty), so pages, the memo,
the DOCX and the CLI text read attributes instead of digging in nested dicts::

    model = Advice.from_dict(advice)
    model.eu.category, model.eu.combined_atmp, model.eu.deciding   # "TEP", True, ("he_...",)
    model.hospital_exemption.unmet_conditions                     # ("EU-HE-2.2",)
    [p.name for p in model.pathways if p.serves_goals]

The model mirrors the schema's names; the words for its codes are in ``pathways.rules.labels``.
Keys the schema allows beyond these stay in the dict and are not part of the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Json = Mapping[str, Any]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


@dataclass(frozen=True)
class Citation:
    instrument: str
    provision: str
    url: str | None = None

    @classmethod
    def from_dict(cls, data: Json | None) -> Citation | None:
        if not data:
            return None
        return cls(instrument=data["instrument"], provision=data["provision"], url=data.get("url"))


def _citation(data: Json | None) -> Citation:
    return Citation.from_dict(data) or Citation(instrument="", provision="")


@dataclass(frozen=True)
class Step:
    """One step of a trace: the rule (id and title), what it found, the answers it rests on."""

    rule: str
    finding: str
    citation: Citation
    title: str = ""
    answers: tuple[str, ...] = ()
    confidence: str = "V"

    @classmethod
    def from_dict(cls, data: Json) -> Step:
        return cls(
            rule=data["rule"],
            finding=data["finding"],
            citation=_citation(data.get("citation")),
            title=data.get("title") or "",
            answers=_strings(data.get("answers")),
            confidence=data.get("confidence") or "V",
        )


@dataclass(frozen=True)
class Assumption:
    """An answer a provisional outcome assumes, with why and from where."""

    question: str
    answer: Any
    reason: str
    source: str
    confidence: str = "V"


@dataclass(frozen=True)
class Provisional:
    """The outcome under the answers most products of this kind have: never a decision.
    ``outcome`` is the EU category or the US status."""

    outcome: str
    combined_atmp: bool | None
    assumes: tuple[Assumption, ...]

    @classmethod
    def from_dict(cls, data: Json | None, key: str) -> Provisional | None:
        if not data:
            return None
        assumes = tuple(
            Assumption(
                question=qid,
                answer=item.get("answer"),
                reason=item.get("reason", ""),
                source=item.get("source", ""),
                confidence=item.get("confidence") or "V",
            )
            for qid, item in (data.get("assumes") or {}).items()
        )
        return cls(outcome=data[key], combined_atmp=data.get("combined_atmp"), assumes=assumes)


@dataclass(frozen=True)
class Part:
    """What the three classifications share: the trace, the open questions, notes, next steps."""

    trace: tuple[Step, ...]
    missing: tuple[str, ...]
    decisive: tuple[str, ...] | None  # None: saved before ruleset 2026.12.1
    notes: tuple[str, ...]
    next_steps: tuple[str, ...]
    borderline: bool

    @property
    def deciding(self) -> tuple[str, ...]:
        """The open questions (ids) whose answers change this part (``missing`` for old advice)."""
        return self.missing if self.decisive is None else self.decisive

    @staticmethod
    def common(data: Json) -> dict[str, Any]:
        decisive = data.get("decisive")
        return {
            "trace": tuple(Step.from_dict(step) for step in data.get("trace") or ()),
            "missing": _strings(data.get("missing")),
            "decisive": None if decisive is None else _strings(decisive),
            "notes": _strings(data.get("notes")),
            "next_steps": _strings(data.get("next_steps")),
            "borderline": bool(data.get("borderline")),
        }


@dataclass(frozen=True)
class EUAdvice(Part):
    category: str = "undetermined"  # GTMP | sCTMP | TEP | not_ATMP | undetermined
    combined_atmp: bool | None = None
    not_atmp_route: str | None = None
    framework: str = ""  # the name of the framework that applies instead, when given
    provisional: Provisional | None = None

    @classmethod
    def from_dict(cls, data: Json) -> EUAdvice:
        framework = data.get("framework") or {}
        return cls(
            **cls.common(data),
            category=data["category"],
            combined_atmp=data.get("combined_atmp"),
            not_atmp_route=data.get("not_atmp_route"),
            framework=framework.get("name", "") if isinstance(framework, Mapping) else str(framework),
            provisional=Provisional.from_dict(data.get("provisional"), "category"),
        )


@dataclass(frozen=True)
class USAdvice(Part):
    status: str = "undetermined"
    combination_product: bool | None = None
    lead_center: str | None = None
    provisional: Provisional | None = None

    @classmethod
    def from_dict(cls, data: Json) -> USAdvice:
        return cls(
            **cls.common(data),
            status=data["status"],
            combination_product=data.get("combination_product"),
            lead_center=data.get("lead_center"),
            provisional=Provisional.from_dict(data.get("provisional"), "status"),
        )


@dataclass(frozen=True)
class NationalRoute:
    country: str = ""
    authority: str = ""
    legal_basis: str = ""
    application: str = ""
    timeline: str = ""
    details: str = ""
    url: str | None = None
    reporting_duties: tuple[str, ...] = ()
    steps: tuple[tuple[str, str], ...] = ()  # (label, text)
    citation: Citation | None = None
    needs: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Json | None) -> NationalRoute | None:
        if not data:
            return None
        return cls(
            country=data.get("country") or "",
            authority=data.get("authority") or "",
            legal_basis=data.get("legal_basis") or "",
            application=data.get("application") or "",
            timeline=data.get("timeline") or "",
            details=data.get("details") or "",
            url=data.get("url"),
            reporting_duties=_strings(data.get("reporting_duties")),
            steps=tuple((s.get("label", ""), s.get("text", "")) for s in data.get("steps") or ()),
            citation=Citation.from_dict(data.get("citation")),
            needs=_strings(data.get("needs")),
        )


@dataclass(frozen=True)
class HospitalExemption(Part):
    status: str = "undetermined"  # eligible | not_eligible | not_applicable | undetermined
    unmet_conditions: tuple[str, ...] = ()  # rule ids (EU-HE-2.x); labels.unmet_conditions words them
    national_route: NationalRoute | None = None

    @classmethod
    def from_dict(cls, data: Json) -> HospitalExemption:
        return cls(
            **cls.common(data),
            status=data["status"],
            unmet_conditions=_strings(data.get("unmet_conditions")),
            national_route=NationalRoute.from_dict(data.get("national_route")),
        )


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    status: str  # met | not_met | unknown
    citation: Citation | None = None


@dataclass(frozen=True)
class Pathway:
    id: str
    jurisdiction: str
    status: str  # eligible | potentially_eligible | not_eligible | not_applicable
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]
    name: str = ""
    kind: str = ""
    missing_evidence: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    confidence: str = "V"
    when_to_request: str = ""
    response_clock: str = ""
    goal: str | None = None
    serves_goals: bool = True
    instead: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    statutory: bool = True

    @classmethod
    def from_dict(cls, data: Json) -> Pathway:
        return cls(
            id=data["id"],
            jurisdiction=data["jurisdiction"],
            status=data["status"],
            reasons=_strings(data.get("reasons")),
            citations=tuple(_citation(c) for c in data.get("citations") or ()),
            name=data.get("name") or data["id"],
            kind=data.get("kind") or "",
            missing_evidence=_strings(data.get("missing_evidence")),
            criteria=tuple(
                Criterion(c["id"], c["text"], c["status"], Citation.from_dict(c.get("citation")))
                for c in data.get("criteria") or ()
            ),
            confidence=data.get("confidence") or "V",
            when_to_request=data.get("when_to_request") or "",
            response_clock=data.get("response_clock") or "",
            goal=data.get("goal"),
            serves_goals=data.get("serves_goals", True),
            instead=_strings(data.get("instead")),
            needs=_strings(data.get("needs")),
            statutory=data.get("statutory", True),
        )


@dataclass(frozen=True)
class Obligation:
    id: str
    title: str
    text: str
    citation: Citation
    jurisdiction: str = ""
    trigger: str = ""
    date: str | None = None
    date_text: str = ""
    applies: str = "yes"  # yes | depends
    needs: tuple[str, ...] = ()
    confidence: str = "V"
    serves_goals: bool = True

    @classmethod
    def from_dict(cls, data: Json) -> Obligation:
        return cls(
            id=data["id"],
            title=data["title"],
            text=data["text"],
            citation=_citation(data.get("citation")),
            jurisdiction=data.get("jurisdiction") or "",
            trigger=data.get("trigger") or "",
            date=data.get("date"),
            date_text=data.get("date_text") or "",
            applies=data.get("applies") or "yes",
            needs=_strings(data.get("needs")),
            confidence=data.get("confidence") or "V",
            serves_goals=data.get("serves_goals", True),
        )


@dataclass(frozen=True)
class RoadmapStep:
    pathway_id: str
    label: str
    stage: str
    start_month: int
    duration_days: int
    clock_text: str
    status: str
    jurisdiction: str = ""

    @classmethod
    def from_dict(cls, data: Json) -> RoadmapStep:
        return cls(
            pathway_id=data["pathway_id"],
            label=data["label"],
            stage=data["stage"],
            start_month=data["start_month"],
            duration_days=data["duration_days"],
            clock_text=data["clock_text"],
            status=data["status"],
            jurisdiction=data.get("jurisdiction") or "",
        )


@dataclass(frozen=True)
class Ruleset:
    version: str
    as_of: str
    last_checked: str = ""
    verified_until: str = ""


@dataclass(frozen=True)
class Goals:
    ticked: tuple[str, ...] = ()
    served: tuple[str, ...] = ()
    hospital_exemption_only: bool = False


@dataclass(frozen=True)
class Advice:
    ruleset: Ruleset
    eu: EUAdvice
    us: USAdvice
    hospital_exemption: HospitalExemption
    pathways: tuple[Pathway, ...]
    product_name: str = ""
    answers_hash: str = ""
    advisory: str = ""
    warnings: tuple[str, ...] = ()
    goals: Goals = field(default_factory=Goals)
    obligations: tuple[Obligation, ...] = ()
    roadmap: tuple[RoadmapStep, ...] = ()
    roadmap_start: str = ""  # the text of roadmap_start: where the roadmap starts, or why there is none
    national_route: NationalRoute | None = None  # the hospital-exemption goal's national route

    @classmethod
    def from_dict(cls, data: Json) -> Advice:
        ruleset = data["ruleset"]
        goals = data.get("goals") or {}
        return cls(
            ruleset=Ruleset(
                version=ruleset["version"],
                as_of=ruleset["as_of"],
                last_checked=ruleset.get("last_checked") or "",
                verified_until=ruleset.get("verified_until") or "",
            ),
            eu=EUAdvice.from_dict(data["eu"]),
            us=USAdvice.from_dict(data["us"]),
            hospital_exemption=HospitalExemption.from_dict(data["hospital_exemption"]),
            pathways=tuple(Pathway.from_dict(p) for p in data.get("pathways") or ()),
            product_name=(data.get("product") or {}).get("name") or "",
            answers_hash=data.get("answers_hash") or "",
            advisory=data.get("advisory") or "",
            warnings=_strings(data.get("warnings")),
            goals=Goals(
                ticked=_strings(goals.get("ticked")),
                served=_strings(goals.get("served")),
                hospital_exemption_only=bool(goals.get("hospital_exemption_only")),
            ),
            obligations=tuple(Obligation.from_dict(o) for o in data.get("obligations") or ()),
            roadmap=tuple(RoadmapStep.from_dict(r) for r in data.get("roadmap") or ()),
            roadmap_start=(data.get("roadmap_start") or {}).get("text") or "",
            national_route=NationalRoute.from_dict(data.get("national_route")),
        )

    @property
    def deciding(self) -> tuple[str, ...]:
        """The open questions (ids) that change any of the three classifications, once each, in
        the order EU, US, hospital exemption."""
        parts = (self.eu, self.us, self.hospital_exemption)
        return tuple(dict.fromkeys(qid for part in parts for qid in part.deciding))
