"""Throttling per API key (scope ``api_key``; a browser session counts per user) and per client
address for requests with neither (scope ``api_anonymous``). Rates: API_KEY_REQUESTS_PER_MINUTE and
API_ANONYMOUS_REQUESTS_PER_MINUTE (settings). Counted in the cache: Redis where configured, so every
web container shares the counts."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiKey


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self) -> str:  # read at each request, so tests and settings changes apply at once
        return f"{settings.API_KEY_REQUESTS_PER_MINUTE}/min"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": f"key-{request.auth.pk}"}
        if request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return None


class AnonymousThrottle(SimpleRateThrottle):
    scope = "api_anonymous"

    def get_rate(self) -> str:
        return f"{settings.API_ANONYMOUS_REQUESTS_PER_MINUTE}/min"

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
