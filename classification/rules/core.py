"""The evaluation core of the rules engine: citations, rules and their registers, trace steps,
answers, and the state of one evaluation.

Every rule module (EU, US, hospital exemption, pathways) uses these pieces and no others:

- ``Answers`` is the one way to ask a question of the answers. An answer is *given*, *open*
  (the user said "I don't know") or *not answered* (absent or ``None``). ``value(qid)`` gives
  the answer or ``None`` when it is open or not answered; ``is_open(qid)`` says the rules cannot
  rely on it. The rules never read ``"unknown"`` themselves.
- ``Register`` holds the rules of one jurisdiction, loaded from a YAML file in ``registers/``:
  one id, one entry, one citation (with in-force dates and the date it was last verified).
- ``Run`` is the state of one evaluation: the trace so far, the questions still open, notes,
  next steps and the borderline flag. One way to record a step: ``run.step(rule, finding, *qids)``.

Pure Python: nothing here (or anywhere in a ``rules`` package) imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

Confidence = Literal["V", "S", "R"]
CONFIDENCES = ("V", "S", "R")
RULES_DIR = Path(__file__).resolve().parent
REGISTERS_DIR = RULES_DIR / "registers"


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Citation:
        return cls(str(data["instrument"]), str(data["provision"]), data.get("url"))


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the domain notes (``EU-CLS-2``, ``US-361-3``, ``EU-HE-2.4`` ...).

    ``confidence`` is the tag of the domain notes: ``V`` verified, ``S`` secondary,
    ``R`` unverified. A rule tagged ``R`` never silently drives a hard conclusion:
    the code that uses it must flag the outcome (borderline / undetermined).
    ``in_force_from`` is inclusive and ``in_force_until`` exclusive; ``None`` is open.
    ``verified_on`` is the date its citation was last checked against the official text.
    """

    id: str
    title: str
    citation: Citation
    confidence: Confidence = "V"
    in_force_from: date | None = None
    in_force_until: date | None = None
    verified_on: date | None = None

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


def _as_date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{where}: {value!r} is not an ISO date") from exc


class RuleBook:
    """The rules of one jurisdiction, by id. Every rule the engine can cite is in a RuleBook,
    so a test can check that every rule id is covered by a scenario and resolves to one entry."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"duplicate rule id {rule.id} in {self.name}")
        self._rules[rule.id] = rule
        return rule

    def rule(
        self, id: str, title: str, citation: Citation, confidence: Confidence = "V", **dates: Any
    ) -> Rule:
        """Deprecated during the move to registers: rules are data in ``registers/*.yaml``."""
        return self.add(Rule(id, title, citation, confidence, **dates))

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise KeyError(f"rule {rule_id} is not in the {self.name} register") from None

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def ids(self) -> set[str]:
        return set(self._rules)


REGISTER_KEYS = {"id", "title", "citation", "confidence", "in_force_from", "in_force_until", "verified_on"}


def load_register(name: str, path: Path | None = None) -> RuleBook:
    """Load a rule register (``registers/<name>.yaml``): a list of rules, each with ``id``,
    ``title``, ``citation`` {instrument, provision, url}, ``confidence`` (V/S/R), optional
    ``in_force_from``/``in_force_until`` and ``verified_on``. Refuses unknown keys,
    duplicate ids and missing citations, so a broken register stops the import."""
    path = path or REGISTERS_DIR / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    book = RuleBook(data.get("name", name))
    for entry in data["rules"]:
        where = f"{path.name}: {entry.get('id', '?')}"
        unknown = set(entry) - REGISTER_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        confidence = entry.get("confidence", "V")
        if confidence not in CONFIDENCES:
            raise ValueError(f"{where}: confidence must be one of {CONFIDENCES}")
        citation = entry.get("citation")
        if not citation or not citation.get("instrument") or not citation.get("provision"):
            raise ValueError(f"{where}: a rule needs a citation with instrument and provision")
        book.add(
            Rule(
                id=str(entry["id"]),
                title=str(entry["title"]),
                citation=Citation.from_dict(citation),
                confidence=confidence,
                in_force_from=_as_date(entry.get("in_force_from"), where),
                in_force_until=_as_date(entry.get("in_force_until"), where),
                verified_on=_as_date(entry.get("verified_on"), where),
            )
        )
    return book


UNKNOWN = "unknown"


class Answers:
    """Read-only view of the ``answers`` object of an answers document (v1): the one way the
    rules ask about an answer.

    - ``value(qid)``: the given answer, or ``None`` when it is open or not answered;
    - ``is_open(qid)``: the rules cannot rely on it (``"unknown"``, ``None`` or absent);
    - ``is_unknown(qid)``: the user said they do not know;
    - ``is_true`` / ``is_false``: a given yes or no;
    - ``get(qid)``: the raw stored value, for presentation only.
    """

    __slots__ = ("_data", "path")

    def __init__(
        self, data: Mapping[str, Any] | None = None, path: frozenset[tuple[str, Any]] = frozenset()
    ) -> None:
        self._data = dict(data or {})
        # The answers the decisive-reasoning search set on top of the user's (question, value):
        # a cheap key for the outcomes it has already computed.
        self.path = path

    def get(self, qid: str, default: Any = None) -> Any:
        return self._data.get(qid, default)

    def value(self, qid: str) -> Any:
        value = self._data.get(qid)
        return None if value == UNKNOWN else value

    def __contains__(self, qid: str) -> bool:
        return qid in self._data

    def is_open(self, qid: str) -> bool:
        value = self._data.get(qid)
        return value is None or value == UNKNOWN

    # v1 name, kept for callers outside the rules
    is_missing = is_open

    def is_unknown(self, qid: str) -> bool:
        return self._data.get(qid) == UNKNOWN

    def is_true(self, qid: str) -> bool:
        return self._data.get(qid) is True

    def is_false(self, qid: str) -> bool:
        return self._data.get(qid) is False

    def with_answer(self, qid: str, value: Any) -> Answers:
        """A copy with one answer replaced (used by the decisive-reasoning search)."""
        data = dict(self._data)
        data[qid] = value
        key = tuple(value) if isinstance(value, list) else value
        return Answers(data, self.path | {(qid, key)})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._data)


@dataclass
class Run:
    """The state of one evaluation: the trace so far and what is still open.

    ``open`` lists the questions whose answers the rules needed and did not have, in the
    order they were met; the decisive-reasoning search (``decisive.py``) branches on them.
    """

    answers: Answers
    as_of: date
    trace: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    borderline: bool = False

    def step(self, rule: Rule, finding: str, *qids: str, **extra: Any) -> None:
        self.trace.append(Step(rule, finding, qids, extra))

    def open(self, *qids: str) -> None:
        for qid in qids:
            if qid not in self.missing:
                self.missing.append(qid)

    def open_if_open(self, *qids: str) -> list[str]:
        """Mark as open those of ``qids`` whose answers are open; return them."""
        found = [q for q in qids if self.answers.is_open(q)]
        self.open(*found)
        return found

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def next(self, text: str) -> None:
        if text not in self.next_steps:
            self.next_steps.append(text)

    def flag(self, note: str | None = None) -> None:
        """Mark the outcome borderline, with a note saying why."""
        self.borderline = True
        if note:
            self.note(note)

    def has_step(self, rule: Rule) -> bool:
        return any(s.rule is rule for s in self.trace)


@cache
def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
