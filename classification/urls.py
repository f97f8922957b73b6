from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    # placeholders, replaced by the wizard work
    path("", TemplateView.as_view(template_name="base.html"), name="assessment-list"),
    path("assessments/new/", TemplateView.as_view(template_name="base.html"), name="assessment-create"),
]
