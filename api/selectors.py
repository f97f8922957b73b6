"""Reads of the API, scoped to the caller's access: the web app's selectors for a browser session,
the key's organisation for an API key. Another organisation's object is a 404, never a 403."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from assessments import selectors as assessment_selectors
from assessments.models import Assessment
from dossiers import selectors as export_selectors
from dossiers.models import Export

from .access import Access


def assessment_list(*, access: Access, search: str = ""):
    return assessment_selectors.assessment_list(membership=access, search=search)


def assessment_get(*, access: Access, pk: int, with_advice: bool = False) -> tuple[Assessment, Access]:
    """The assessment and the access the caller has to it (a session user acts with their
    membership in the assessment's organisation, as on the web pages)."""
    if access.key is None:
        assessment, membership = assessment_selectors.assessment_access(
            user=access.user, pk=pk, with_advice=with_advice, current=access.membership
        )
        return assessment, Access.of_membership(membership, user=access.user, organisation=assessment.organisation)
    assessments = Assessment.objects.select_related("organisation")
    if not with_advice:
        assessments = assessments.defer("advice")
    assessment = assessments.filter(pk=pk, organisation_id=access.organisation_id).first()
    if assessment is None:
        raise Http404("No such assessment")
    return assessment, access


def assessment_advice(*, assessment: Assessment) -> dict[str, Any]:
    """The advice under the current ruleset: saved when current, else computed and not saved."""
    return assessment_selectors.assessment_advice(assessment=assessment)


def export_get(*, access: Access, pk: int) -> tuple[Export, Access]:
    if access.key is None:
        export, membership = export_selectors.export_access(user=access.user, pk=pk)
        return export, Access.of_membership(membership, user=access.user, organisation=export.organisation)
    export = Export.objects.select_related("assessment", "organisation").filter(
        pk=pk, organisation_id=access.organisation_id
    ).first()
    if export is None:
        raise Http404("No such export")
    return export, access


def export_list(*, assessment: Assessment):
    return export_selectors.export_list(assessment=assessment)
