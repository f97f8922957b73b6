"""``Authorization: Bearer <key>`` authentication for scripts; browsers keep their session (with
CSRF, DRF's SessionAuthentication)."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from accounts.selectors import api_key_authenticate
from accounts.services import api_key_touch

BAD_KEY = "The API key is not valid: it is mistyped, revoked or unknown. Ask an owner of the organisation for a key."


class ApiKeyUser:
    """``request.user`` of a request made with an API key: authenticated, but not a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, key) -> None:
        self.key = key
        self.username = f"API key {key.prefix}"

    def __str__(self) -> str:
        return self.username

    def get_username(self) -> str:
        return self.username


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # no key: the session (or nobody) is tried next
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header reads: Bearer <API key>.")
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(BAD_KEY) from None
        key = api_key_authenticate(token=token)
        if key is None:
            raise exceptions.AuthenticationFailed(BAD_KEY)
        api_key_touch(key=key)
        return ApiKeyUser(key), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
