"""Pages of the review and sign-off, the timeline (history and comments) with its CSV and JSON
exports, and the differences page (re-evaluation and "as of" a date). Each view authorises,
validates a form, calls one service or selector, and redirects or renders."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from . import comments, signoff, timeline
from .reevaluation import as_of_difference, revision_difference
from .review_forms import AsOfForm, CommentForm, SignForm, VersionForm
from .selectors import assessment_access, assessment_advice
from .services import StaleVersion

STALE = "Someone else changed this assessment meanwhile: check it again."
# A refused signature: the form field its message goes to and the status of the page.
SIGN_REFUSED = {signoff.WrongPassword: ("password", 400), signoff.TooManyPasswordAttempts: ("password", 429)}


def _editor(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    if not membership.can_edit:
        raise PermissionDenied("Viewers cannot change assessments.")
    return assessment, membership


def _signoff_page(request, assessment, membership, *, form=None, status=200):
    return render(request, "assessments/signoff.html", {
        "assessment": assessment, "membership": membership, "form": form or SignForm(),
        "signature": getattr(assessment, "signature", None) if assessment.is_locked else None,
        "successor": assessment.successors.order_by("pk").first(),
    }, status=status)


@login_required
@require_GET
def assessment_signoff(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    return _signoff_page(request, assessment, membership)


def _status_step(request, assessment, step, done: str):
    """Calls ``step(version)`` with the version the form posted; says ``done``, or why it was refused
    (a stale version, a refused sign-off step), and returns to the sign-off page."""
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleVersion(assessment)
        step(form.cleaned_data["version"])
    except StaleVersion:
        messages.error(request, STALE)
    except signoff.SignOffRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("assessment-signoff", pk=assessment.pk)


@login_required
@require_POST
def assessment_submit_review(request, pk):
    assessment, _ = _editor(request, pk)
    return _status_step(
        request, assessment,
        lambda version: signoff.assessment_submit_for_review(assessment=assessment, user=request.user, version=version),
        "Sent for review: a member with the reviewer permission can now sign it.",
    )


@login_required
@require_POST
def assessment_sign(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _signoff_page(request, assessment, membership, form=form, status=400)
    try:
        signoff.assessment_sign(assessment=assessment, user=request.user, membership=membership,
                                password=form.cleaned_data["password"], version=form.cleaned_data["version"])
    except StaleVersion:
        form.add_error(None, STALE)
        return _signoff_page(request, assessment, membership, form=form, status=409)
    except signoff.SignOffRefused as refused:
        field, status = SIGN_REFUSED.get(type(refused), (None, 403))
        form.add_error(field, str(refused))
        return _signoff_page(request, assessment, membership, form=form, status=status)
    messages.success(request, "Signed: reviewed and approved for release. This version is now locked.")
    return redirect("assessment-signoff", pk=pk)


@login_required
@require_POST
def assessment_return(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership)
    return _status_step(
        request, assessment,
        lambda version: signoff.assessment_return_for_changes(
            assessment=assessment, user=request.user, membership=membership, version=version
        ),
        "Sent back as a draft. Say why in a comment on the timeline.",
    )


@login_required
@require_POST
def assessment_new_version(request, pk):
    assessment, _ = _editor(request, pk)
    try:
        successor = signoff.assessment_new_version(assessment=assessment, user=request.user)
    except signoff.SignOffRefused as refused:
        messages.error(request, str(refused))
        return redirect("assessment-signoff", pk=pk)
    messages.success(request, f"Version {successor.revision} started. Version {assessment.revision} stays as approved.")
    return redirect("assessment-review", pk=successor.pk)


@login_required
@require_GET
def assessment_timeline(request, pk):
    assessment, membership = assessment_access(user=request.user, pk=pk, current=request.membership,
                                               with_advice=False)
    return render(request, "assessments/timeline.html", {
        "assessment": assessment, "events": timeline.timeline(assessment=assessment),
        "can_edit": membership.can_edit, "comment_form": CommentForm(),
    })


def _download(content: str, content_type: str, assessment, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = slugify(assessment.product_name) or "assessment"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{assessment.revision}-history.{suffix}"'
    return response


@login_required
@require_GET
def assessment_history_csv(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership, with_advice=False)
    return _download(timeline.history_csv(assessment=assessment), "text/csv; charset=utf-8", assessment, "csv")


@login_required
@require_GET
def assessment_history_json(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership, with_advice=False)
    document = json.dumps(timeline.history_json(assessment=assessment), indent=2, ensure_ascii=False)
    return _download(document, "application/json", assessment, "json")


@login_required
@require_POST
def assessment_comment(request, pk):
    assessment, _ = _editor(request, pk)
    form = CommentForm(request.POST)
    back = "assessment-review" if request.POST.get("back") == "review" else "assessment-timeline"
    if not form.is_valid():
        messages.error(request, "Comment: write a comment of at most 5,000 characters.")
        return redirect(back, pk=pk)
    try:
        comments.comment_add(assessment=assessment, user=request.user, **form.cleaned_data)
    except comments.CommentRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Comment added.")
    return redirect(back, pk=pk)


@login_required
@require_GET
def assessment_differences(request, pk):
    """The last re-evaluation against the saved advice, and, with ``?as_of=YYYY-MM-DD``, what the
    law of that date would change. Reads only: nothing is saved."""
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership)
    form = AsOfForm(request.GET if "as_of" in request.GET else None)
    advice = assessment_advice(assessment=assessment)
    revision = timeline.latest_revision(assessment=assessment)
    context = {"assessment": assessment, "form": form, "advice": advice, "revision": revision,
               "revision_difference": revision_difference(revision) if revision else None}
    if form.is_bound and form.is_valid():
        _, context["as_of_difference"] = as_of_difference(assessment=assessment, advice=advice,
                                                          as_of=form.cleaned_data["as_of"])
        context["as_of"] = form.cleaned_data["as_of"]
    return render(request, "assessments/differences.html", context, status=400 if form.errors else 200)
