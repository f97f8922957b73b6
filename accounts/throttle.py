"""Throttling in the cache: failed logins per username and client address, and password-reset e-mails
per e-mail address and client address."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    return [f"login-fail:user:{username.lower()}", f"login-fail:ip:{address}"]


def is_throttled(*, username: str, address: str) -> bool:
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(username, address))


def _count(key: str, window: int) -> int:
    """Adds one to a counter that lives ``window`` seconds from its first hit; returns the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def record_failure(*, username: str, address: str) -> None:
    for key in _keys(username, address):
        _count(key, settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def clear(*, username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))


# Password-reset e-mails: at most this many per address and per client address in the window.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_ADDRESS = 10
RESET_WINDOW_SECONDS = 3600


def allow_password_reset(*, email: str, address: str) -> bool:
    """Counts one reset request; False once the e-mail or the client address has asked too often."""
    by_email = _count(f"reset:email:{email.lower()}", RESET_WINDOW_SECONDS)
    by_address = _count(f"reset:ip:{address}", RESET_WINDOW_SECONDS)
    return by_email <= RESET_LIMIT_PER_EMAIL and by_address <= RESET_LIMIT_PER_ADDRESS
