"""Navigation through the question catalogue: which question comes next, which came before,
where to resume, and the progress shown to the user. Pure functions of the answers.

The wizard asks the questions that can matter given the answers so far (``show_if``) and that
serve the user's goals (the ``goals`` answer; none ticked serves every goal): the United States
section only for a US licence, the hospital-exemption section only for the hospital exemption,
the development profile only for an authorisation. Answers already given to a question that is
no longer asked for the goals are kept: they still describe the product.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from classification.rules.questions import Question, Section, catalogue
from pathways.rules.goals import goals_of

GOALS_QUESTION = "goals"


@dataclass(frozen=True)
class Progress:
    section: Section
    number: int  # 1-based index of the section among the sections that apply to the goals
    total: int | None  # None until the goals are answered: only then are the sections known
    percent: int


def served_goals(answers: dict[str, Any]) -> tuple[str, ...]:
    return goals_of(answers.get(GOALS_QUESTION)).served


def visible(answers: dict[str, Any]) -> list[Question]:
    """The questions the wizard asks, in order: shown by the answers so far, serving the goals."""
    return catalogue().asked(answers, served_goals(answers))


def sections_that_apply(answers: dict[str, Any]) -> list[Section]:
    """The sections that serve the goals: fixed once the goals are answered, whatever else changes."""
    served = served_goals(answers)
    return [s for s in catalogue().sections if s.serves(served)]


def next_after(answers: dict[str, Any], qid: str) -> Question | None:
    shown = visible(answers)
    ids = [q.id for q in shown]
    if qid not in ids:
        return first_unanswered(answers)
    index = ids.index(qid)
    return shown[index + 1] if index + 1 < len(shown) else None


def previous_before(answers: dict[str, Any], qid: str) -> Question | None:
    shown = visible(answers)
    ids = [q.id for q in shown]
    if qid not in ids or ids.index(qid) == 0:
        return None
    return shown[ids.index(qid) - 1]


def first_unanswered(answers: dict[str, Any]) -> Question | None:
    return next((q for q in visible(answers) if q.id not in answers), None)


def open_questions(answers: dict[str, Any]) -> list[Question]:
    """The questions asked and not answered yet (the review page's and confirm's open questions)."""
    return [q for q in visible(answers) if q.id not in answers]


def resume_question(answers: dict[str, Any], current: str) -> Question | None:
    """Where "Continue" takes the user: the saved position if still asked, else the first gap."""
    shown = {q.id: q for q in visible(answers)}
    if current in shown and current not in answers:
        return shown[current]
    return first_unanswered(answers)


def revealed_by_change(
    before: dict[str, Any], after: dict[str, Any], pending: Iterable[str] = ()
) -> list[Question]:
    """After a change made from the review page: the questions still to ask before going back to
    the review, in order. They are the unanswered questions the change revealed (asked now, not
    asked before) together with ``pending``, those revealed by the earlier changes of the same
    round that are still asked and unanswered."""
    asked_before = {q.id for q in visible(before)}
    waiting = set(pending)
    return [
        q
        for q in visible(after)
        if q.id not in after and (q.id not in asked_before or q.id in waiting)
    ]


def progress(answers: dict[str, Any], question: Question) -> Progress:
    """Section N of M, where M counts the sections that serve the goals: computed from the goals
    only, so it does not change as other answers show or hide questions. A section none of whose
    questions applies is passed over (the number moves on; it never goes back)."""
    sections = sections_that_apply(answers)
    ids = [s.id for s in sections]
    number = ids.index(question.section) + 1 if question.section in ids else 1
    goals_known = GOALS_QUESTION in answers
    return Progress(
        section=catalogue().section(question.section),
        number=number,
        total=len(sections) if goals_known else None,
        percent=round(100 * (number - 1) / len(sections)) if goals_known else 0,
    )


def answered_by_section(answers: dict[str, Any]) -> list[tuple[Section, list[tuple[Question, Any]]]]:
    shown = visible(answers)
    grouped = []
    for section in catalogue().sections:
        rows = [(q, answers.get(q.id)) for q in shown if q.section == section.id]
        if rows:
            grouped.append((section, rows))
    return grouped
