"""The one rule that an approved assessment is locked, and its message in words. Every write
service of an assessment calls ``refuse_locked`` before it writes; a web view turns the refusal
into a 409 page (``LockedMiddleware``), the API into a 403 problem (it is a PermissionDenied)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .models import Assessment


class AssessmentLocked(PermissionDenied):
    """The assessment was approved: it is kept exactly as it was signed."""

    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment
        super().__init__(
            f"Version {assessment.revision} of \u201c{assessment.product_name}\u201d was approved and is locked: "
            "it stays as it was signed. Start a new version to change it."
        )


def refuse_locked(assessment: Assessment, *, fresh: bool = False) -> None:
    """Raises AssessmentLocked for an approved assessment. ``fresh=True`` reads the status from the
    database under a row lock (for writes with no version check, such as a delete)."""
    status = assessment.status
    if fresh:
        status = Assessment.objects.select_for_update().values_list("status", flat=True).get(pk=assessment.pk)
    if status == Assessment.Status.APPROVED:
        raise AssessmentLocked(assessment)


class LockedMiddleware:
    """A write refused because the assessment is approved is a conflict with its state: a 409 page
    that says so and offers a new version, wherever the web view that tried it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AssessmentLocked):
            return render(request, "assessments/locked.html",
                          {"assessment": exception.assessment, "message": str(exception)}, status=409)
        return None
