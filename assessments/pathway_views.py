"""The pathways comparison page of an assessment. It lives with the other assessment pages so that
the `pathways` app stays below `assessments` (dossiers, api → assessments → pathways → classification)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pathways.presentation import comparison_context

from .selectors import assessment_access, assessment_advice


@login_required
@require_GET
def pathway_comparison(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk, current=request.membership)
    advice = assessment_advice(
        assessment=assessment
    )  # a GET never writes: a stale advice is computed, not saved
    return render(
        request,
        "pathways/comparison.html",
        {"assessment": assessment, "advice": advice, **comparison_context(advice)},
    )
