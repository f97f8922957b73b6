from django.urls import path

from . import views

urlpatterns = [
    path("", views.assessment_list_view, name="assessment-list"),
    path("assessments/new/", views.assessment_create_view, name="assessment-create"),
    path("assessments/import/", views.assessment_import, name="assessment-import"),
    path("assessments/<int:pk>/", views.assessment_resume, name="assessment-resume"),
    path("assessments/<int:pk>/questions/<slug:qid>/", views.assessment_question, name="assessment-question"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/result/", views.assessment_result, name="assessment-result"),
    path("assessments/<int:pk>/details/", views.assessment_details, name="assessment-details"),
    path("assessments/<int:pk>/duplicate/", views.assessment_duplicate, name="assessment-duplicate"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment-delete"),
    path("assessments/<int:pk>/answers.json", views.assessment_export_json, name="assessment-export-json"),
]
