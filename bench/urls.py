from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    """The baseline: a Django view that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial),
    path("", include("atmp_advisor.urls")),
]
