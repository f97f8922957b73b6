"""Reads of assessments, scoped to what the user's memberships allow (another organisation's
assessment is a 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from accounts.models import Membership
from pathways.rules import advise

from .models import AdviceRevision, Assessment


def assessment_list(*, membership: Membership | None, search: str = "") -> QuerySet[Assessment]:
    if membership is None:
        return Assessment.objects.none()
    assessments = (
        Assessment.objects.filter(organisation_id=membership.organisation_id)
        .select_related("updated_by")
        .defer("advice")
    )
    if search:
        assessments = assessments.filter(product_name__icontains=search)
    # The newest re-evaluation's verdict against the saved advice ("changed since approved").
    latest = AdviceRevision.objects.filter(assessment=OuterRef("pk")).order_by("-created_at", "-pk")
    assessments = assessments.annotate(advice_changed=Subquery(latest.values("changed")[:1]))
    return assessments.order_by("-updated_at", "-pk")


def assessment_access(
    *, user, pk: int, current: Membership | None = None, with_advice: bool = True
) -> tuple[Assessment, Membership]:
    """The assessment and the user's membership in its organisation, or a 404.

    ``current`` is the membership the request already holds (the current organisation's); it saves
    a query when the assessment belongs to that organisation. ``with_advice=False`` leaves the stored
    advice (tens of kilobytes of JSON) in the database for views that never show it."""
    if not user.is_authenticated:
        raise Http404
    assessments = Assessment.objects.select_related("organisation")
    if not with_advice:
        assessments = assessments.defer("advice")
    assessment = assessments.filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such assessment")
    if current is not None and current.user_id == user.pk and current.organisation_id == assessment.organisation_id:
        return assessment, current
    membership = Membership.objects.filter(user=user, organisation_id=assessment.organisation_id).first()
    if membership is None:
        raise Http404("No such assessment")
    return assessment, membership


def advice_is_current(assessment: Assessment) -> bool:
    """The saved advice was computed by this ruleset from these answers."""
    return assessment.advice_is_current


def assessment_advice(*, assessment: Assessment) -> dict[str, Any]:
    """The advice of the assessment's answers under this ruleset: the saved one when it is current,
    else computed now in memory and not saved (a GET never writes; confirming and exporting save it).
    An approved assessment shows the advice it was signed with."""
    if assessment.is_locked and assessment.advice is not None:
        return assessment.advice
    if advice_is_current(assessment) and assessment.advice is not None:
        return assessment.advice
    return advise(assessment.answers_document())
