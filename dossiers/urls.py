from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:assessment_pk>/new/", views.export_create, name="export-create"),
    path("<int:pk>/", views.export_detail, name="export-detail"),
    path("<int:pk>/download/", views.export_download, name="export-download"),
    path("<int:pk>/retry/", views.export_retry, name="export-retry"),
]
