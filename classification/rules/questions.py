"""The question catalogue (questions.yaml): one source for the wizard, the review page,
the API's question list and the memo's answer appendix.

YAML format (see questions.yaml)::

    sections:
      - id: product
        title: Product and purpose
        goals: [...]                   # optional: asked only when one of these goals is served
    questions:
      - id: medicinal_purpose          # the key of answers.schema.json v1
        section: product
        text: Is the product intended to treat, prevent or diagnose a disease ...?
        help: plain-language hint shown under the question
        definition: the legal definition behind it ("why we ask")
        citation: {instrument: ..., provision: ..., url: ...}
        type: boolean | choice | multichoice | number | integer
        choices:                       # for boolean/choice/multichoice
          - {value: true, label: "Yes"}
          - {value: false, label: "No"}
        choice_groups:                 # instead of choices: the choices under headings
          - id: not_substantial
            title: Steps that are not substantial manipulation
            help: a line under the heading
            choices: [{value: cutting, label: "Cutting"}, ...]
        none_label: None of these      # multichoice: offer an explicit "none" (the empty list);
                                       # then ticking nothing at all is refused, not read as "none"
        allow_unknown: true            # offer "I don't know" (value "unknown"; for a
                                       # multichoice, "unknown" in place of the list)
        goals: [us_licence]            # optional, as on a section
        show_if:                       # optional; all conditions must hold
          all:
            - {question: contains_cells_or_tissues, in: [true, unknown]}
          # or any: [...]; a condition is {question, in: [...]}, {question, not_in: [...]}
          # or {question, includes_any: [...]} for a multichoice answer.

A question whose ``show_if`` does not hold cannot matter for the outcome: the wizard
never asks it and answers to it are dropped when an earlier answer changes.
An unanswered question matches no ``in`` list and every ``not_in`` list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .core import UNKNOWN, Citation

CATALOGUE_PATH = Path(__file__).with_name("questions.yaml")


@dataclass(frozen=True, slots=True)
class Choice:
    value: Any
    label: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceGroup:
    """Choices shown together under a heading (a multichoice's processing steps, by kind)."""

    id: str
    title: str
    help: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    intro: str = ""
    # Asked only when one of these goals (values of the ``goals`` answer) is served; empty: always.
    goals: tuple[str, ...] = ()

    def serves(self, served: Collection[str]) -> bool:
        return not self.goals or any(goal in served for goal in self.goals)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    section: str
    text: str
    type: str
    help: str = ""
    definition: str = ""
    citation: Citation | None = None
    choices: tuple[Choice, ...] = ()
    allow_unknown: bool = False
    show_if: Mapping[str, Any] = field(default_factory=dict)
    unit: str = ""
    # The choices under headings, in the order of ``choices``; empty when the choices are not grouped.
    choice_groups: tuple[ChoiceGroup, ...] = ()
    # A multichoice with an explicit "none of these" (the empty list): ticking nothing is then an
    # error, so that forgetting the question never reads as "none".
    none_label: str = ""
    # Asked only when one of these goals is served (as on a section); empty: always.
    goals: tuple[str, ...] = ()
    # Answers the decisive-reasoning search tries when the question is open, where fewer than
    # all choices suffice (choices that the rules treat alike but for a name); default: all.
    search_values: tuple[Any, ...] = ()

    def choice_label(self, value: Any) -> str:
        if value is None:
            return "Not answered"
        if value == UNKNOWN:
            return "I don't know"
        if self.type == "multichoice" and isinstance(value, list):
            return ", ".join(self.choice_label(v) for v in value) or self.none_label or "None of these"
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    def serves(self, served: Collection[str]) -> bool:
        return not self.goals or any(goal in served for goal in self.goals)

    def grouped_choices(self) -> tuple[ChoiceGroup, ...]:
        """The choices under their headings; ungrouped choices as one group without a title."""
        return self.choice_groups or (ChoiceGroup("", "", "", self.choices),)

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return condition_holds(self.show_if, answers)


def _condition(cond: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    value = answers.get(cond["question"])
    if "in" in cond:
        return value is not None and value in cond["in"]
    if "not_in" in cond:
        return value is None or value not in cond["not_in"]
    if "includes_any" in cond:
        return isinstance(value, list) and any(v in value for v in cond["includes_any"])
    raise ValueError(f"unknown show_if condition: {cond!r}")


def condition_holds(show_if: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    if not show_if:
        return True
    if "all" in show_if:
        return all(
            condition_holds(c, answers) if ("all" in c or "any" in c) else _condition(c, answers)
            for c in show_if["all"]
        )
    if "any" in show_if:
        return any(
            condition_holds(c, answers) if ("all" in c or "any" in c) else _condition(c, answers)
            for c in show_if["any"]
        )
    return _condition(show_if, answers)


@dataclass(frozen=True, slots=True)
class Catalogue:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def section(self, sid: str) -> Section:
        for s in self.sections:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def in_section(self, sid: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.section == sid)

    def asked(self, answers: Mapping[str, Any], served: Collection[str]) -> list[Question]:
        """The visible questions that serve the goals ``served`` (of a section and of its own),
        in catalogue order: the questions the wizard asks."""
        sections = {s.id for s in self.sections if s.serves(served)}
        return [q for q in self.visible(answers) if q.section in sections and q.serves(served)]

    def visible(self, answers: Mapping[str, Any]) -> list[Question]:
        """Questions that can matter given the answers so far, in catalogue order.

        Evaluated in order, so a question hidden by an earlier answer also hides the
        questions that depend on it."""
        kept: dict[str, Any] = {}
        shown: list[Question] = []
        for q in self.questions:
            if q.is_shown(kept):
                shown.append(q)
                if q.id in answers:
                    kept[q.id] = answers[q.id]
        return shown

    def prune(self, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Drop answers to questions that are no longer shown. Returns (kept, dropped ids)."""
        visible = {q.id for q in self.visible(answers)}
        kept = {k: v for k, v in answers.items() if k in visible}
        dropped = [k for k in answers if k not in visible]
        return kept, dropped


def _citation(data: Mapping[str, Any] | None) -> Citation | None:
    if not data:
        return None
    return Citation(data["instrument"], data["provision"], data.get("url"))


def _choices(data: Any) -> tuple[Choice, ...]:
    return tuple(Choice(c["value"], c["label"], c.get("help", "")) for c in data or ())


# Form codes of a multichoice's "none of these" and "I don't know": no choice may take them.
RESERVED_MULTICHOICE_VALUES = frozenset({"none", UNKNOWN})


def _question(q: Mapping[str, Any]) -> Question:
    groups = tuple(
        ChoiceGroup(g["id"], g["title"], g.get("help", ""), _choices(g["choices"]))
        for g in q.get("choice_groups", ())
    )
    if groups and q.get("choices"):
        raise ValueError(f"question {q['id']}: give choices or choice_groups, not both")
    choices = tuple(c for g in groups for c in g.choices) if groups else _choices(q.get("choices"))
    none_label = q.get("none_label", "")
    if (groups or none_label) and q["type"] != "multichoice":
        raise ValueError(f"question {q['id']}: choice_groups and none_label are for a multichoice")
    if q["type"] == "multichoice" and RESERVED_MULTICHOICE_VALUES & {c.value for c in choices}:
        raise ValueError(f"question {q['id']}: 'none' and 'unknown' are not choices of a multichoice")
    return Question(
        id=q["id"],
        section=q["section"],
        text=q["text"],
        type=q["type"],
        help=q.get("help", ""),
        definition=q.get("definition", ""),
        citation=_citation(q.get("citation")),
        choices=choices,
        allow_unknown=bool(q.get("allow_unknown", False)),
        show_if=q.get("show_if") or {},
        unit=q.get("unit", ""),
        choice_groups=groups,
        none_label=none_label,
        goals=tuple(q.get("goals", ())),
        search_values=tuple(q.get("search_values", ())),
    )


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    sections = tuple(
        Section(s["id"], s["title"], s.get("intro", ""), tuple(s.get("goals", ()))) for s in data["sections"]
    )
    return Catalogue(sections, tuple(_question(q) for q in data["questions"]))


@cache
def catalogue() -> Catalogue:
    with CATALOGUE_PATH.open(encoding="utf-8") as fh:
        return parse_catalogue(yaml.safe_load(fh))


def questions_in_words(qids: Iterable[str]) -> str:
    """The questions as the user saw them, “…”; “…” (an id the catalogue lacks stays an id)."""
    cat = catalogue()
    texts = []
    for qid in dict.fromkeys(qids):
        try:
            texts.append(f"“{cat.question(qid).text}”")
        except KeyError:
            texts.append(qid)
    return "; ".join(texts)
