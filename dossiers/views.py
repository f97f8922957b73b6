from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from assessments.selectors import assessment_access

from . import services
from .models import Export
from .selectors import export_access, export_list


@login_required
@require_POST
def export_create(request, assessment_pk):
    assessment, membership = assessment_access(user=request.user, pk=assessment_pk)
    if not membership.can_edit:
        raise PermissionDenied("Viewers cannot request exports.")
    try:
        export = services.export_request(assessment=assessment, kind=request.POST.get("kind", ""),
                                         fmt=request.POST.get("format", ""), user=request.user)
    except services.ExportStateError as exc:
        messages.error(request, str(exc))
        return redirect("assessment-result", pk=assessment.pk)
    return redirect("export-detail", pk=export.pk)


@login_required
@require_GET
def export_detail(request, pk):
    export, membership = export_access(user=request.user, pk=pk)
    return render(request, "dossiers/export_detail.html", {
        "export": export, "exports": export_list(assessment=export.assessment), "can_edit": membership.can_edit,
        "refresh": export.status in {Export.Status.QUEUED, Export.Status.RUNNING} and not export.is_stalled,
    })


@login_required
@require_GET
def export_download(request, pk):
    export, _ = export_access(user=request.user, pk=pk)
    if export.status != Export.Status.DONE or not export.file:
        raise Http404("This export is not ready.")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=services.file_name(export),
                        content_type=export.content_type)


@login_required
@require_POST
def export_retry(request, pk):
    export, membership = export_access(user=request.user, pk=pk)
    if not membership.can_edit:
        raise PermissionDenied("Viewers cannot retry exports.")
    try:
        services.export_retry(export=export, user=request.user)
    except services.ExportStateError as exc:
        messages.error(request, str(exc))
    return redirect("export-detail", pk=export.pk)
