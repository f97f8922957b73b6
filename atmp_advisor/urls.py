from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("exports/", include("dossiers.urls")),
    path("api/", include("api.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
