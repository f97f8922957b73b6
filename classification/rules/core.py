"""Shared types of the rules engine: citations, rules, trace steps and the answers wrapper.

Pure Python: nothing here (or anywhere in a ``rules`` package) imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Confidence = Literal["V", "S", "R"]


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from: the instrument, the provision, and a public URL."""

    instrument: str
    provision: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"instrument": self.instrument, "provision": self.provision, "url": self.url}

    def __str__(self) -> str:
        return f"{self.instrument}, {self.provision}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the domain notes (``EU-CLS-2``, ``US-361-3``, ``EU-HE-2.4`` ...).

    ``confidence`` is the tag of the domain notes: ``V`` verified, ``S`` secondary,
    ``R`` unverified. A rule tagged ``R`` never silently drives a hard conclusion:
    the code that uses it must flag the outcome (borderline / undetermined).
    ``in_force_from`` is inclusive and ``in_force_until`` exclusive; ``None`` is open.
    """

    id: str
    title: str
    citation: Citation
    confidence: Confidence = "V"
    in_force_from: date | None = None
    in_force_until: date | None = None

    def in_force(self, as_of: date) -> bool:
        if self.in_force_from is not None and as_of < self.in_force_from:
            return False
        if self.in_force_until is not None and as_of >= self.in_force_until:
            return False
        return True

    def step(self, finding: str, answers: Iterable[str] = (), **extra: Any) -> Step:
        return Step(rule=self, finding=finding, answers=tuple(answers), extra=extra)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a trace: which rule, what it found, which answers it rested on."""

    rule: Rule
    finding: str
    answers: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule.id,
            "title": self.rule.title,
            "finding": self.finding,
            "answers": list(self.answers),
            "citation": self.rule.citation.to_dict(),
            "confidence": self.rule.confidence,
        }
        data.update(self.extra)
        return data


class RuleBook:
    """The rules of one module, by id. Every rule the engine can cite is registered
    in a RuleBook, so a test can check that every rule id is covered by a scenario."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"duplicate rule id {rule.id} in {self.name}")
        self._rules[rule.id] = rule
        return rule

    def rule(
        self,
        id: str,
        title: str,
        citation: Citation,
        confidence: Confidence = "V",
        *,
        in_force_from: date | None = None,
        in_force_until: date | None = None,
    ) -> Rule:
        return self.add(Rule(id, title, citation, confidence, in_force_from, in_force_until))

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self):
        return iter(self._rules.values())

    def ids(self) -> set[str]:
        return set(self._rules)


UNKNOWN = "unknown"


class Answers:
    """Read-only view of the ``answers`` object of an answers document (v1).

    ``get`` returns ``None`` for a question that was not answered and the string
    ``"unknown"`` for one the user said they do not know. Both count as *missing*
    for the rules; ``is_missing`` says so.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data = dict(data or {})

    def get(self, qid: str, default: Any = None) -> Any:
        return self._data.get(qid, default)

    def __contains__(self, qid: str) -> bool:
        return qid in self._data

    def is_missing(self, qid: str) -> bool:
        value = self._data.get(qid)
        return value is None or value == UNKNOWN

    def is_true(self, qid: str) -> bool:
        return self._data.get(qid) is True

    def is_false(self, qid: str) -> bool:
        return self._data.get(qid) is False

    def as_dict(self) -> dict[str, Any]:
        return dict(self._data)
