from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .problems import problem_response

app_name = "api"


@csrf_exempt  # no session is read here: any method to an unknown address is the same 404
def unknown(request, rest=""):
    return problem_response(404, "There is no such API address: the operations are listed at /api/docs/.")


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
         name="docs"),
    path("v1/questions", views.QuestionCatalogueView.as_view(), name="questions"),
    path("v1/assess", views.AssessView.as_view(), name="assess"),
    path("v1/assessments", views.AssessmentListView.as_view(), name="assessment-list"),
    path("v1/assessments/<int:pk>", views.AssessmentDetailView.as_view(), name="assessment-detail"),
    path("v1/assessments/<int:pk>/answers", views.AssessmentAnswersView.as_view(), name="assessment-answers"),
    path("v1/assessments/<int:pk>/confirm", views.AssessmentConfirmView.as_view(), name="assessment-confirm"),
    path("v1/assessments/<int:pk>/duplicate", views.AssessmentDuplicateView.as_view(), name="assessment-duplicate"),
    path("v1/assessments/<int:pk>/document", views.AssessmentDocumentView.as_view(), name="assessment-document"),
    path("v1/assessments/<int:pk>/advice", views.AssessmentAdviceView.as_view(), name="assessment-advice"),
    path("v1/assessments/<int:pk>/pathways", views.AssessmentPathwaysView.as_view(), name="assessment-pathways"),
    path("v1/assessments/<int:pk>/exports", views.AssessmentExportsView.as_view(), name="assessment-exports"),
    path("v1/exports/<int:pk>", views.ExportDetailView.as_view(), name="export-detail"),
    path("v1/exports/<int:pk>/download", views.ExportDownloadView.as_view(), name="export-download"),
    re_path(r"^(?P<rest>v1/.*)$", unknown),
]
