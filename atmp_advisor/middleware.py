from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy of settings: no inline script, nothing remote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than REQUEST_MAX_BYTES (413) before anything reads it.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves uploaded files out, and a multipart body is read to
    its end before a form can look at a file's size; this stops a 20 MB body at its header. (A body
    without Content-Length is not read by Django at all.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            limit = settings.REQUEST_MAX_BYTES / (1024 * 1024)
            if request.path.startswith("/api/"):  # the API answers with an RFC 9457 problem
                return JsonResponse({
                    "type": "about:blank", "title": "Content Too Large", "status": 413,
                    "detail": f"The request is too large: at most {limit:g} MB can be sent at once, and an "
                    "answers document may be at most 1 MB.",
                }, status=413, content_type="application/problem+json")
            return HttpResponse(
                f"The request is too large: at most {limit:g} MB can be sent at once, and a logo or an "
                "answers document may be at most 1 MB. Go back and choose a smaller file.",
                status=413, content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Every response to a logged-in user may hold client data (pages, PDF, DOCX and JSON
    downloads): ``Cache-Control: private, no-store``, so that neither a shared proxy nor the
    browser's disk cache keeps a copy. Static files never get here (WhiteNoise answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
