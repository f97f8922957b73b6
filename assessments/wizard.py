"""Navigation through the question catalogue: which question comes next, which came before,
where to resume, and the progress shown to the user. Pure functions of the answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from classification.rules.questions import Question, Section, catalogue


@dataclass(frozen=True)
class Progress:
    section: Section
    number: int  # 1-based index of the section among the sections still to be asked
    total: int
    percent: int


def visible(answers: dict[str, Any]) -> list[Question]:
    return catalogue().visible(answers)


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


def resume_question(answers: dict[str, Any], current: str) -> Question | None:
    """Where "Continue" takes the user: the saved position if still asked, else the first gap."""
    shown = {q.id: q for q in visible(answers)}
    if current in shown and current not in answers:
        return shown[current]
    return first_unanswered(answers)


def progress(answers: dict[str, Any], question: Question) -> Progress:
    shown = visible(answers)
    sections = [s for s in catalogue().sections if any(q.section == s.id for q in shown)]
    ids = [s.id for s in sections]
    number = ids.index(question.section) + 1 if question.section in ids else 1
    position = next((i for i, q in enumerate(shown) if q.id == question.id), 0)
    return Progress(
        section=catalogue().section(question.section),
        number=number,
        total=len(sections),
        percent=round(100 * position / max(1, len(shown))),
    )


def answered_by_section(answers: dict[str, Any]) -> list[tuple[Section, list[tuple[Question, Any]]]]:
    shown = visible(answers)
    grouped = []
    for section in catalogue().sections:
        rows = [(q, answers.get(q.id)) for q in shown if q.section == section.id]
        if rows:
            grouped.append((section, rows))
    return grouped
