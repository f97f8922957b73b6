from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.selectors import assessment_access
from assessments.services import assessment_refresh_advice

from .roadmap_svg import roadmap_chart


@login_required
@require_GET
def pathway_comparison(request, pk):
    assessment, _ = assessment_access(user=request.user, pk=pk)
    advice = assessment_refresh_advice(assessment=assessment).advice
    pathways = advice.get("pathways", [])
    columns = [(j, [p for p in pathways if p["jurisdiction"] == j]) for j in ("EU", "US")]
    others = [p for p in pathways if p["jurisdiction"] not in {"EU", "US"}]
    return render(request, "pathways/comparison.html", {
        "assessment": assessment, "advice": advice, "columns": columns, "others": others,
        "roadmap": roadmap_chart(advice.get("roadmap", [])), "obligations": advice.get("obligations", []),
    })
