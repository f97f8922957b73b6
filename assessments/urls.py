from django.urls import path

from . import pathway_views, review_views, views

urlpatterns = [
    path("", views.assessment_list_view, name="assessment-list"),
    path("assessments/new/", views.assessment_create_view, name="assessment-create"),
    path("assessments/import/", views.assessment_import, name="assessment-import"),
    path("assessments/<int:pk>/", views.assessment_resume, name="assessment-resume"),
    path("assessments/<int:pk>/questions/<slug:qid>/", views.assessment_question, name="assessment-question"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment-review"),
    path("assessments/<int:pk>/result/", views.assessment_result, name="assessment-result"),
    path("pathways/assessments/<int:pk>/", pathway_views.pathway_comparison, name="pathway-comparison"),
    path("assessments/<int:pk>/details/", views.assessment_details, name="assessment-details"),
    path("assessments/<int:pk>/duplicate/", views.assessment_duplicate, name="assessment-duplicate"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="assessment-delete"),
    path("assessments/<int:pk>/answers.json", views.assessment_export_json, name="assessment-export-json"),
    # Review and sign-off, history and comments, differences (issue 16): assessments/review_views.py
    path("assessments/<int:pk>/signoff/", review_views.assessment_signoff, name="assessment-signoff"),
    path("assessments/<int:pk>/signoff/request/", review_views.assessment_submit_review, name="assessment-submit-review"),
    path("assessments/<int:pk>/signoff/sign/", review_views.assessment_sign, name="assessment-sign"),
    path("assessments/<int:pk>/signoff/return/", review_views.assessment_return, name="assessment-return"),
    path("assessments/<int:pk>/new-version/", review_views.assessment_new_version, name="assessment-new-version"),
    path("assessments/<int:pk>/history/", review_views.assessment_timeline, name="assessment-timeline"),
    path("assessments/<int:pk>/history.csv", review_views.assessment_history_csv, name="assessment-history-csv"),
    path("assessments/<int:pk>/history.json", review_views.assessment_history_json, name="assessment-history-json"),
    path("assessments/<int:pk>/comments/", review_views.assessment_comment, name="assessment-comment"),
    path("assessments/<int:pk>/differences/", review_views.assessment_differences, name="assessment-differences"),
]
