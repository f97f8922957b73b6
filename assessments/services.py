"""Writes of assessments. Every write bumps ``version`` with a conditional update, so two people
editing the same assessment never silently overwrite each other."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from classification.rules.engine import answers_hash
from classification.rules.questions import catalogue
from classification.rules.ruleset import RULESET_VERSION
from classification.rules.validation import InvalidAnswers, answers_errors
from pathways.rules import advise

from .models import Assessment


class StaleVersion(Exception):
    """The assessment changed since the form was shown."""

    def __init__(self, current: Assessment) -> None:
        self.current = current
        super().__init__("The assessment was changed by someone else.")


def advice_is_current(assessment: Assessment) -> bool:
    return (
        assessment.advice is not None
        and assessment.ruleset_version == RULESET_VERSION
        and assessment.answers_hash == answers_hash(assessment.answers_document())
    )


def _advice_fields(assessment: Assessment) -> dict[str, Any]:
    document = assessment.answers_document()
    advice = advise(document)
    return {
        "advice": advice,
        "ruleset_version": RULESET_VERSION,
        "answers_hash": advice["answers_hash"],
        "eu_category": advice["eu"]["category"],
        "us_status": advice["us"]["status"],
    }


def _save(assessment: Assessment, *, version: int, user, **fields: Any) -> Assessment:
    """Writes the fields only if nobody else wrote since ``version``; raises StaleVersion otherwise."""
    for name, value in fields.items():
        setattr(assessment, name, value)
    fields.update(_advice_fields(assessment))
    now = timezone.now()
    updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
        **fields, version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not updated:
        raise StaleVersion(Assessment.objects.get(pk=assessment.pk))
    # The conditional update wrote exactly these values: no need to read the row back.
    for name, value in {**fields, "version": version + 1, "updated_by": user, "updated_at": now}.items():
        setattr(assessment, name, value)
    return assessment


def _insert(**fields: Any) -> Assessment:
    """Creates an assessment with its advice snapshot computed from the answers it starts with."""
    assessment = Assessment(**fields)
    for name, value in _advice_fields(assessment).items():
        setattr(assessment, name, value)
    assessment.save()
    return assessment


@transaction.atomic
def assessment_create(
    *, organisation, user, product_name: str, description: str = "", indication: str = "", sponsor: str = ""
) -> Assessment:
    return _insert(
        organisation=organisation,
        product_name=product_name,
        description=description,
        indication=indication,
        sponsor=sponsor,
        created_by=user,
        updated_by=user,
        current_question=catalogue().questions[0].id,
    )


@transaction.atomic
def assessment_answer(
    *, assessment: Assessment, user, question_id: str, value: Any, version: int, next_question: str = ""
) -> tuple[Assessment, list[str]]:
    """Saves one answer, drops answers that no longer apply, refreshes the advice.

    Returns the assessment and the ids of the answers that were dropped."""
    answers = {**assessment.answers, question_id: value}
    answers, dropped = catalogue().prune(answers)
    errors = answers_errors({"schema_version": "1", "answers": answers})
    if errors:
        raise InvalidAnswers(errors)
    status = assessment.status if not dropped else Assessment.Status.DRAFT
    assessment = _save(
        assessment, version=version, user=user, answers=answers, current_question=next_question or question_id,
        status=status,
    )
    return assessment, dropped


@transaction.atomic
def assessment_answers_update(
    *, assessment: Assessment, user, answers: dict[str, Any], version: int
) -> tuple[Assessment, list[str]]:
    """Saves several answers at once (``None`` clears one): the API's change of answers. The
    answers given are validated as given, so an unknown question or a bad value is named
    (``/answers/<id>``) rather than pruned away; then as ``assessment_answer`` does."""
    given = {qid: value for qid, value in answers.items() if value is not None}
    errors = answers_errors({"schema_version": "1", "answers": given})
    if errors:
        raise InvalidAnswers(errors)
    merged = {qid: value for qid, value in {**assessment.answers, **answers}.items() if value is not None}
    merged, dropped = catalogue().prune(merged)
    status = assessment.status if not dropped else Assessment.Status.DRAFT
    assessment = _save(assessment, version=version, user=user, answers=merged, status=status)
    return assessment, dropped


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, user, version: int) -> Assessment:
    return _save(assessment, version=version, user=user, status=Assessment.Status.COMPLETE)


@transaction.atomic
def assessment_duplicate(*, assessment: Assessment, user) -> Assessment:
    return _insert(
        organisation=assessment.organisation,
        product_name=f"{assessment.product_name} (copy)"[:200],
        description=assessment.description,
        indication=assessment.indication,
        sponsor=assessment.sponsor,
        answers=dict(assessment.answers),
        as_of=assessment.as_of,
        current_question=assessment.current_question,
        created_by=user,
        updated_by=user,
    )


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    assessment.delete()


@transaction.atomic
def assessment_import(*, organisation, user, document: Any) -> Assessment:
    """Creates an assessment from an answers document (v1); InvalidAnswers names every bad field."""
    errors = answers_errors(document)
    if errors:
        raise InvalidAnswers(errors)
    product = document.get("product") or {}
    answers, _ = catalogue().prune(document["answers"])
    return _insert(
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
    )


def assessment_refresh_advice(*, assessment: Assessment) -> Assessment:
    """Recomputes a stale advice snapshot (new ruleset) without touching the answers or the version."""
    if advice_is_current(assessment):
        return assessment
    fields = _advice_fields(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(**fields)
    for name, value in fields.items():
        setattr(assessment, name, value)
    return assessment
