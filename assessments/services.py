"""Writes of assessments. Every write bumps ``version`` with a conditional update, so two people
editing the same assessment never silently overwrite each other."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import ApiKey
from classification.rules.questions import Question, catalogue
from classification.rules.ruleset import RULESET_VERSION
from classification.rules.validation import InvalidAnswers, answers_errors
from pathways.rules import advise

from . import wizard
from .locking import refuse_locked
from .models import Assessment, HistoryEntry
from .selectors import advice_is_current


class StaleVersion(Exception):
    """The assessment changed since the form was shown."""

    def __init__(self, current: Assessment) -> None:
        self.current = current
        super().__init__("The assessment was changed by someone else.")


def advice_fields(assessment: Assessment) -> dict[str, Any]:
    """The advice of the assessment's answers with the fields saved beside it (computed, not saved)."""
    advice = advise(assessment.answers_document())
    return {
        "advice": advice,
        "ruleset_version": RULESET_VERSION,
        "answers_hash": advice["answers_hash"],
        "eu_category": advice["eu"]["category"],
        "us_status": advice["us"]["status"],
    }


def _save(assessment: Assessment, *, version: int, user, **fields: Any) -> Assessment:
    """Writes the fields only if nobody else wrote since ``version``; raises StaleVersion otherwise."""
    now = timezone.now()
    updated = (
        Assessment.objects.filter(pk=assessment.pk, version=version)
        .exclude(status=Assessment.Status.APPROVED)  # approved is locked, whatever the caller read
        .update(**fields, version=F("version") + 1, updated_by=user, updated_at=now)
    )
    if not updated:
        current = Assessment.objects.get(pk=assessment.pk)
        refuse_locked(current)
        raise StaleVersion(current)
    # The conditional update wrote exactly these values: no need to read the row back.
    for name, value in {**fields, "version": version + 1, "updated_by": user, "updated_at": now}.items():
        setattr(assessment, name, value)
    return assessment


_MISSING = object()


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The keys whose value differs between two mappings, with (old, new); a key gone has new None."""
    changes = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old != new:
            changes[key] = (None if old is _MISSING else old, None if new is _MISSING else new)
    return changes


def api_key_label(key: ApiKey) -> str:
    """An API key as the history names it: its name and the prefix its owners see on the settings page."""
    return f"API key ‘{key.name}’ (atmp_{key.prefix}…)"[:200]


def history_record(
    *, assessment: Assessment, actor, kind: str, changes: Mapping[str, tuple[Any, Any]], version: int | None = None,
    api_key: ApiKey | None = None,
) -> list[HistoryEntry]:
    """Appends one history entry per changed key (question id, field name or export kind), with the old
    and new values and the assessment version the change produced (the current one by default). One
    INSERT however many keys; nothing when nothing changed. Entries are never changed afterwards.
    ``actor`` is the person; a change made through the API with a key has none and names ``api_key``
    (kept as words too, for when the key row is gone)."""
    version = assessment.version if version is None else version
    # Who, in words as at the time: the entry still names them once the key or the user is deleted.
    if api_key is not None:
        label = api_key_label(api_key)
    else:
        label = (actor.get_full_name() or actor.username)[:200] if actor is not None else ""
    entries = [
        HistoryEntry(assessment=assessment, actor=actor, api_key=api_key, actor_label=label, kind=kind, key=key[:64],
                     old=old, new=new, version=version)
        for key, (old, new) in changes.items()
    ]
    return HistoryEntry.objects.bulk_create(entries) if entries else []


def _record_status(assessment: Assessment, user, before: str, *, api_key: ApiKey | None = None) -> None:
    if assessment.status != before:
        history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.STATUS,
                       changes={"status": (before, assessment.status)}, api_key=api_key)


def record_created(assessment: Assessment, user, *, api_key: ApiKey | None = None) -> Assessment:
    """The history of a new assessment: it was created, by whom, and the answers it started with
    (imported, duplicated or carried into a new version), so the timeline shows who gave every answer."""
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.STATUS,
                   changes={"status": (None, assessment.status)}, api_key=api_key)
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.ANSWER,
                   changes={qid: (None, value) for qid, value in assessment.answers.items()}, api_key=api_key)
    return assessment


@transaction.atomic
def assessment_create(
    *, organisation, user, product_name: str, description: str = "", indication: str = "", sponsor: str = ""
) -> Assessment:
    return record_created(Assessment.objects.create(
        organisation=organisation,
        product_name=product_name,
        description=description,
        indication=indication,
        sponsor=sponsor,
        created_by=user,
        updated_by=user,
        current_question=catalogue().questions[0].id,
    ), user)


@dataclass(frozen=True)
class Answered:
    """What saving an answer did: the assessment as saved, the ids of the answers dropped because
    their question no longer applies, and the next question (None after the last one)."""

    assessment: Assessment
    dropped: list[str]
    next_question: Question | None


@transaction.atomic
def assessment_answer(*, assessment: Assessment, user, question_id: str, value: Any, version: int) -> Answered:
    """Saves one answer and drops the answers that no longer apply: the answers, the resume point and
    the version are written, nothing else (the advice is computed when a page needs it). The next
    question is computed from the pruned answers. InvalidAnswers names the field; nothing is saved."""
    refuse_locked(assessment)
    answers, dropped = catalogue().prune({**assessment.answers, question_id: value})
    errors = answers_errors({"schema_version": "1", "answers": answers})
    if errors:
        raise InvalidAnswers(errors)
    upcoming = wizard.next_after(answers, question_id)
    fields: dict[str, Any] = {"answers": answers, "current_question": upcoming.id if upcoming else question_id}
    if (dropped or assessment.status == Assessment.Status.IN_REVIEW) and assessment.status != Assessment.Status.DRAFT:
        fields["status"] = Assessment.Status.DRAFT  # a changed answer needs confirming (and reviewing) again
    before, status = assessment.answers, assessment.status
    assessment = _save(assessment, version=version, user=user, **fields)
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.ANSWER, changes=_changes(before, answers))
    _record_status(assessment, user, status)
    return Answered(assessment, dropped, upcoming)


@transaction.atomic
def assessment_answers_update(
    *, assessment: Assessment, user, answers: dict[str, Any], version: int, api_key: ApiKey | None = None
) -> tuple[Assessment, list[str]]:
    """Saves several answers at once (``None`` clears one): the API's change of answers. The
    answers given are validated as given, so an unknown question or a bad value is named
    (``/answers/<id>``) rather than pruned away; then as ``assessment_answer`` does."""
    refuse_locked(assessment)
    given = {qid: value for qid, value in answers.items() if value is not None}
    errors = answers_errors({"schema_version": "1", "answers": given})
    if errors:
        raise InvalidAnswers(errors)
    merged = {qid: value for qid, value in {**assessment.answers, **answers}.items() if value is not None}
    merged, dropped = catalogue().prune(merged)
    in_review = assessment.status == Assessment.Status.IN_REVIEW
    status = assessment.status if not dropped and not in_review else Assessment.Status.DRAFT
    before, before_status = assessment.answers, assessment.status
    assessment = _save(assessment, version=version, user=user, answers=merged, status=status)
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.ANSWER, changes=_changes(before, merged),
                   api_key=api_key)
    _record_status(assessment, user, before_status, api_key=api_key)
    return assessment, dropped


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, user, version: int, api_key: ApiKey | None = None) -> Assessment:
    """Marks the answers confirmed and saves their advice (computed here, once). Questions still open
    stay open: the result treats them as not known and "Continue" stays offered."""
    refuse_locked(assessment)
    before = assessment.status
    assessment = _save(assessment, version=version, user=user, status=Assessment.Status.COMPLETE, **advice_fields(assessment))
    _record_status(assessment, user, before, api_key=api_key)
    return assessment


@transaction.atomic
def assessment_save_place(*, assessment: Assessment, question_id: str) -> None:
    """"Save and come back later" on a question left unanswered: the answers are already saved, so
    only the place to resume is, without a new version (nothing the user answered changes)."""
    refuse_locked(assessment)
    Assessment.objects.filter(pk=assessment.pk).exclude(status=Assessment.Status.APPROVED).update(
        current_question=question_id
    )
    assessment.current_question = question_id


PRODUCT_FIELDS = ("product_name", "description", "indication", "sponsor")


@transaction.atomic
def assessment_update_details(
    *, assessment: Assessment, user, version: int, api_key: ApiKey | None = None, **fields: str
) -> Assessment:
    """Changes the product details given (``product_name``, ``description``, ``indication``,
    ``sponsor``; they print in the memo) under the same version check as answers; the others stay as
    they are. Each change is kept in the history."""
    unknown = sorted(set(fields) - set(PRODUCT_FIELDS))
    if unknown:
        raise TypeError(f"Not product details: {', '.join(unknown)}")
    refuse_locked(assessment)
    before = {name: getattr(assessment, name) for name in fields}
    assessment = _save(assessment, version=version, user=user, **fields)
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.PRODUCT, changes=_changes(before, fields),
                   api_key=api_key)
    return assessment


@transaction.atomic
def assessment_duplicate(
    *, assessment: Assessment, user, product_name: str = "", api_key: ApiKey | None = None
) -> Assessment:
    """A new draft with the same details and answers, named ``product_name`` (default: "… (copy)")."""
    return record_created(Assessment.objects.create(
        organisation=assessment.organisation,
        product_name=(product_name or f"{assessment.product_name} (copy)")[:200],
        description=assessment.description,
        indication=assessment.indication,
        sponsor=assessment.sponsor,
        answers=dict(assessment.answers),
        as_of=assessment.as_of,
        current_question=assessment.current_question,
        created_by=user,
        updated_by=user,
    ), user, api_key=api_key)


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    refuse_locked(assessment, fresh=True)  # an approved version keeps its memo exports
    assessment.delete()


@transaction.atomic
def assessment_import(*, organisation, user, document: Any, api_key: ApiKey | None = None) -> Assessment:
    """Creates an assessment from an answers document (v1); InvalidAnswers names every bad field."""
    errors = answers_errors(document)
    if errors:
        raise InvalidAnswers(errors)
    product = document.get("product") or {}
    answers, _ = catalogue().prune(document["answers"])
    return record_created(Assessment.objects.create(
        organisation=organisation,
        product_name=product.get("name") or "Imported product",
        description=product.get("description", ""),
        indication=product.get("indication", ""),
        sponsor=product.get("sponsor", ""),
        answers=answers,
        as_of=date.fromisoformat(document["as_of"]) if document.get("as_of") else None,
        created_by=user,
        updated_by=user,
        current_question=catalogue().questions[0].id,
    ), user, api_key=api_key)


@transaction.atomic
def assessment_refresh_advice(*, assessment: Assessment) -> Assessment:
    """Saves the advice of the current answers when the saved one is stale (other answers or another
    ruleset), without touching the answers or the version. For POSTs and the export service only:
    a GET reads ``selectors.assessment_advice``, which never writes. An approved assessment keeps
    the advice it was signed with (a re-evaluation keeps newer advice beside it)."""
    if assessment.is_locked and assessment.advice is not None:
        return assessment
    if advice_is_current(assessment) and assessment.advice is not None:
        return assessment
    fields = advice_fields(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    for name, value in fields.items():
        setattr(assessment, name, value)
    return assessment
