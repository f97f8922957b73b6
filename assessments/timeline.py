"""The history of an assessment as people read it: every recorded change, comment, signature and
re-evaluation in time order, each in words, and the same as CSV and JSON for export. Reads only."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from classification.rules.questions import catalogue

from .models import AdviceRevision, Assessment, Comment, HistoryEntry, Signature

PRODUCT_LABELS = {"product_name": "Product name", "description": "Description", "indication": "Indication",
                  "sponsor": "Sponsor (client)"}


def assessment_history(*, assessment: Assessment) -> QuerySet[HistoryEntry]:
    """The recorded changes of one assessment, oldest first, with who made them. The caller has
    already checked that the user may see the assessment (``selectors.assessment_access``)."""
    return HistoryEntry.objects.filter(assessment=assessment).select_related("actor").order_by("created_at", "pk")


@dataclass(frozen=True)
class Event:
    """One line of the timeline: when, who, what kind, and what happened in words; ``question`` is
    the question a change or comment is about (its text), ``old`` and ``new`` the values in words."""

    at: datetime
    who: str
    kind: str
    what: str
    question: str = ""
    old: str = ""
    new: str = ""
    version: int | None = None


def person(user) -> str:
    if user is None:
        return "ATMP Advisor (automatic)"
    return user.get_full_name() or user.username


def _question_text(qid: str) -> str:
    try:
        return catalogue().question(qid).text
    except KeyError:
        return "A question no longer asked"


def _answer_words(qid: str, value: Any) -> str:
    if value is None:
        return "Not answered"
    try:
        return catalogue().question(qid).choice_label(value)
    except KeyError:
        return json.dumps(value, ensure_ascii=False)


def _status_words(code: Any) -> str:
    return Assessment.Status(code).label if code in Assessment.Status.values else ""


def _who(entry: HistoryEntry) -> str:
    """The person who made the change or, for a change made through the API, the key; once the user
    account or the key is gone, as they were named at the time."""
    if entry.actor_id is None and entry.actor_label:
        return entry.actor_label
    return person(entry.actor)


def _entry_event(entry: HistoryEntry) -> Event:
    who, kind = _who(entry), entry.get_kind_display()
    common = {"at": entry.created_at, "who": who, "kind": kind, "version": entry.version}
    if entry.kind == HistoryEntry.Kind.ANSWER:
        old, new = _answer_words(entry.key, entry.old), _answer_words(entry.key, entry.new)
        what = "Answer removed" if entry.new is None else ("Answered" if entry.old is None else "Answer changed")
        return Event(**common, what=what, question=_question_text(entry.key), old=old, new=new)
    if entry.kind == HistoryEntry.Kind.PRODUCT:
        label = PRODUCT_LABELS.get(entry.key, "Product detail")
        return Event(**common, what=f"{label} changed", old=str(entry.old or ""), new=str(entry.new or ""))
    if entry.kind == HistoryEntry.Kind.STATUS and entry.old is None:
        return Event(**common, what="Assessment created", new=_status_words(entry.new))
    if entry.kind == HistoryEntry.Kind.STATUS:
        return Event(**common, what="Status changed", old=_status_words(entry.old), new=_status_words(entry.new))
    if entry.kind == HistoryEntry.Kind.SIGNATURE:
        return Event(**common, what=f"Signed: {Signature.MEANING.lower()}", old=_status_words(entry.old),
                     new=_status_words(entry.new))
    if entry.kind == HistoryEntry.Kind.VERSION:
        if entry.key == "successor":
            return Event(**common, what=f"Version {entry.new} started from this approved version")
        return Event(**common, what=f"Version {entry.new} started from approved version {entry.old}")
    if entry.kind == HistoryEntry.Kind.ADVICE:
        return Event(**common, what="Advice re-evaluated under a newer ruleset or date",
                     old=str(entry.old or ""), new=str(entry.new or ""))
    if entry.kind == HistoryEntry.Kind.EXPORT:
        return Event(**common, what=f"Exported: {str(entry.new or entry.key).replace('_', ' ')}")
    return Event(**common, what=kind)


def _comment_event(comment: Comment) -> Event:
    return Event(at=comment.created_at, who=person(comment.author), kind="Comment", what=comment.body,
                 question=_question_text(comment.question_id) if comment.question_id else "")


def timeline(*, assessment: Assessment) -> list[Event]:
    """Changes and comments of the assessment, oldest first (a handful of queries, whatever its length)."""
    events = [_entry_event(entry) for entry in assessment_history(assessment=assessment)]
    comments = Comment.objects.filter(assessment=assessment).select_related("author")
    events += [_comment_event(comment) for comment in comments]
    return sorted(events, key=lambda event: event.at)


def comments_by_question(*, assessment: Assessment) -> tuple[list[Comment], dict[str, list[Comment]]]:
    """The assessment's comments: those on the whole assessment, and those on each question."""
    general: list[Comment] = []
    by_question: dict[str, list[Comment]] = {}
    for comment in Comment.objects.filter(assessment=assessment).select_related("author"):
        if comment.question_id:
            by_question.setdefault(comment.question_id, []).append(comment)
        else:
            general.append(comment)
    return general, by_question


def latest_revision(*, assessment: Assessment) -> AdviceRevision | None:
    """The newest re-evaluation of the assessment, or None."""
    return AdviceRevision.objects.filter(assessment=assessment).order_by("-created_at", "-pk").first()


COLUMNS = ["at", "who", "kind", "what", "question", "old", "new", "version"]


def _row(event: Event) -> dict[str, Any]:
    row = asdict(event)
    row["at"] = event.at.isoformat()
    return row


def history_json(*, assessment: Assessment) -> dict[str, Any]:
    """The timeline as a JSON document: the assessment, its signature if any, and every event."""
    signature = Signature.objects.filter(assessment=assessment).first()
    return {
        "assessment": {"id": assessment.pk, "product_name": assessment.product_name,
                       "version": assessment.revision, "status": assessment.get_status_display()},
        "signature": None if signature is None else {
            "name": signature.signer_name, "meaning": signature.meaning, "signed_at": signature.signed_at.isoformat(),
            "answers_hash": signature.answers_hash, "ruleset_version": signature.ruleset_version,
        },
        "events": [_row(event) for event in timeline(assessment=assessment)],
    }


def history_csv(*, assessment: Assessment) -> str:
    """The timeline as CSV, one event a row. Cells that a spreadsheet would run as a formula are
    quoted with a leading apostrophe (the text comes from users)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for event in timeline(assessment=assessment):
        row = _row(event)
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def review_comments(*, assessment: Assessment, membership) -> dict[str, Any]:
    """The review page's comments: on the whole assessment, and per question (id → comments)."""
    general, by_question = comments_by_question(assessment=assessment)
    return {"general_comments": general, "question_comments": by_question, "can_comment": membership.can_edit}
