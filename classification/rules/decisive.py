"""Decisive reasoning under open answers.

An outcome is *decided* when every combination of answers to the open questions leads to it:
an answer that cannot change the outcome never blocks it. Otherwise it is ``undetermined`` and
carries ``decisive`` (the open questions whose answers change it) and ``provisional`` (the
outcome under the answers most products of this kind have, with what it ``assumes`` and why).

The strict engines (EU, US, hospital exemption) never guess: they record in ``missing`` every
open question they needed, in the order they met it. ``explore`` re-runs a strict engine with
each possible answer to the first open question, and again below that for the questions the
engine then needs, until no open question is left: a decision tree over exactly the questions
the engine asks. The outcomes of its leaves decide.

Values a question can take come from the catalogue: yes and no, each choice but "I don't know",
and for a multi-choice question no step or any single step (an approximation: a combination of
steps is not tried). The search is bounded (``EVALUATION_LIMIT``); past it the outcome stays as
the strict engine gave it, which is never wrong, only less decisive.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import yaml

from .core import UNKNOWN, Answers
from .questions import catalogue, condition_holds, questions_in_words

ASSUMPTIONS_FILE = Path(__file__).with_name("assumptions.yaml")
EVALUATION_LIMIT = 48


class StrictOutcome(Protocol):
    missing: list[str]


OutcomeT = TypeVar("OutcomeT", bound=StrictOutcome)


@dataclass(frozen=True, slots=True)
class Assumption:
    question: str
    answer: Any
    reason: str
    source: str
    confidence: str
    when: Any = None

    def applies(self, answers: Answers) -> bool:
        return self.when is None or condition_holds(self.when, answers.as_dict())

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "reason": self.reason,
            "source": self.source,
            "confidence": self.confidence,
        }


@cache
def assumptions() -> dict[str, tuple[Assumption, ...]]:
    data = yaml.safe_load(ASSUMPTIONS_FILE.read_text(encoding="utf-8"))
    by_question: dict[str, list[Assumption]] = {}
    questions = {q.id for q in catalogue().questions}
    for entry in data["assumptions"]:
        qid = entry["question"]
        if qid not in questions:
            raise ValueError(f"assumptions.yaml: {qid} is not a question of the catalogue")
        if entry["answer"] not in branch_values(qid):
            raise ValueError(f"assumptions.yaml: {entry['answer']!r} is not an answer to {qid}")
        by_question.setdefault(qid, []).append(
            Assumption(
                question=qid,
                answer=entry["answer"],
                reason=" ".join(str(entry["reason"]).split()),
                source=str(entry["source"]),
                confidence=entry.get("confidence", "S"),
                when=entry.get("when"),
            )
        )
    return {q: tuple(items) for q, items in by_question.items()}


def assumption_for(qid: str, answers: Answers) -> Assumption | None:
    for item in assumptions().get(qid, ()):
        if item.applies(answers):
            return item
    return None


@cache
def branch_values(qid: str) -> tuple[Any, ...]:
    """The answers a question can take, for the search ("I don't know" excluded)."""
    try:
        question = catalogue().question(qid)
    except KeyError:
        return ()
    if question.search_values:
        return question.search_values
    if question.type == "boolean":
        return (True, False)
    if question.type == "choice":
        return tuple(c.value for c in question.choices if c.value != UNKNOWN)
    if question.type == "multichoice":
        steps = [c.value for c in question.choices if c.value not in (UNKNOWN, "none")]
        return ((), *((s,) for s in steps))
    return ()  # numbers and text: not searched


def as_answer(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(slots=True)
class Leaf(Generic[OutcomeT]):
    conditions: tuple[tuple[str, Any], ...]
    outcome: OutcomeT
    key: Hashable


@dataclass(slots=True)
class Exploration(Generic[OutcomeT]):
    """What the search found: the strict outcome of the answers as given, the leaves, and the
    open questions whose answers change the outcome (in the order first met)."""

    strict: OutcomeT
    leaves: list[Leaf[OutcomeT]] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    evaluations: int = 0
    exhaustive: bool = True

    @property
    def keys(self) -> set[Hashable]:
        return {leaf.key for leaf in self.leaves}


def _first_open(outcome: StrictOutcome, answers: Answers) -> str | None:
    for qid in outcome.missing:
        if answers.is_open(qid) and branch_values(qid):
            return qid
    return None


def explore(
    strict: Callable[[Answers], OutcomeT],
    answers: Answers,
    key: Callable[[OutcomeT], Hashable],
    *,
    limit: int = EVALUATION_LIMIT,
) -> Exploration[OutcomeT]:
    """Run ``strict`` over every combination of answers to the open questions it needs."""
    root = strict(answers)
    found: Exploration[OutcomeT] = Exploration(strict=root, evaluations=1)
    if _first_open(root, answers) is None:
        found.leaves.append(Leaf((), root, key(root)))
        return found
    met: dict[str, None] = {}  # every question branched on, in the order first met
    decisive: set[str] = set()

    def walk(
        current: Answers, outcome: OutcomeT, conditions: tuple[tuple[str, Any], ...]
    ) -> frozenset[Hashable]:
        qid = _first_open(outcome, current)
        if qid is None:
            found.leaves.append(Leaf(conditions, outcome, key(outcome)))
            return frozenset({key(outcome)})
        met[qid] = None
        children: list[frozenset[Hashable]] = []
        for value in branch_values(qid):
            if found.evaluations >= limit:
                found.exhaustive = False
                break
            branch = current.with_answer(qid, as_answer(value))
            found.evaluations += 1
            children.append(walk(branch, strict(branch), (*conditions, (qid, value))))
        if len(set(children)) > 1:
            decisive.add(qid)
        return frozenset().union(*children)

    walk(answers, root, ())
    found.decisive = [q for q in met if q in decisive]
    return found


@dataclass(slots=True)
class Provisional(Generic[OutcomeT]):
    outcome: OutcomeT
    assumes: dict[str, Assumption]

    def assumes_dict(self) -> dict[str, dict[str, Any]]:
        return {q: a.to_dict() for q, a in self.assumes.items()}


def provisional(strict: Callable[[Answers], OutcomeT], answers: Answers) -> Provisional[OutcomeT] | None:
    """The outcome under the answers most products of this kind have; ``None`` when an open
    question that matters has no assumption."""
    assumed: dict[str, Assumption] = {}
    current = answers
    for _ in range(len(catalogue().questions) + 1):
        outcome = strict(current)
        qid = _first_open(outcome, current)
        if qid is None:
            return Provisional(outcome, assumed)
        item = assumption_for(qid, current)
        if item is None:
            return None
        assumed[qid] = item
        current = current.with_answer(qid, as_answer(item.answer))
    return None


def common(items: Sequence[Sequence[Any]]) -> list[Any]:
    """The entries of the first list that every list has, in the first list's order."""
    if not items:
        return []
    rest = [set(map(_hashable, i)) for i in items[1:]]
    return [x for x in items[0] if all(_hashable(x) in r for r in rest)]


def _hashable(x: Any) -> Hashable:
    return repr(x) if not isinstance(x, Hashable) else x


def condition_words(conditions: Sequence[tuple[str, Any]]) -> str:
    """'“Does the product contain cells or tissues?” is answered “Yes”' and so on."""
    cat = catalogue()
    parts = []
    for qid, value in conditions:
        question = cat.question(qid)
        parts.append(f"“{question.text}” is answered “{question.choice_label(as_answer(value))}”")
    return " and ".join(parts)


question_words = questions_in_words
