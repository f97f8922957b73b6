from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:pk>/", views.pathway_comparison, name="pathway-comparison"),
]
