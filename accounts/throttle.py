"""Throttling in the cache: log-in attempts per username and per client address (passwords typed
again to sign count with the username's), password-reset
e-mails per e-mail address and client address, sign-ups per client address.

Every counter is taken before the work it limits (``cache.add`` then ``cache.incr``, both atomic in
Redis and in the per-process cache), so thirty simultaneous guesses count as thirty, not as the
number that happened to finish first. A counter lives a fixed window from its first hit.

Keys hold a hash of the username or e-mail address: any text a client sends makes a valid key.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The address a client is counted by.

    Behind the TLS proxy (``DJANGO_BEHIND_PROXY``) REMOTE_ADDR is the proxy's own address, the same
    for every user; the client is the last hop of X-Forwarded-For, the one the proxy appended
    (earlier hops are whatever the client chose to send). An IPv6 client is counted by its /64,
    the smallest block one subscriber is given."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        address = hops[-1] or address
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(kind: str, value: str) -> str:
    return f"throttle:{kind}:{hashlib.sha256(value.casefold().encode('utf-8', 'backslashreplace')).hexdigest()}"


def _count(key: str, window: int) -> int:
    """Adds one to a counter that lives ``window`` seconds from its first hit; returns the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing to give back
        pass


# Log-in: failed attempts per username and per client address within the window (settings).


def _login_keys(username: str, address: str) -> tuple[tuple[str, int], tuple[str, int]]:
    return (
        (_key("login-user", username), settings.LOGIN_THROTTLE_ATTEMPTS),
        (_key("login-ip", address), settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS),
    )


def login_attempt_allowed(*, username: str, address: str) -> bool:
    """Counts one attempt before the password is checked; False, and the password is not checked,
    once the username or the address has failed too often in the window."""
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    counts = [(_count(key, window), limit) for key, limit in _login_keys(username, address)]
    return all(count <= limit for count, limit in counts)


def login_succeeded(*, username: str, address: str) -> None:
    """Gives back this attempt only: the counters keep counting failures. A success never clears
    them (a valid log-in of one's own account between guesses at others would reset the address)."""
    for key, _ in _login_keys(username, address):
        _uncount(key)


def login_throttle_clear(*, username: str) -> None:
    """Lifts the limit on a username once its owner has proved who they are by resetting the
    password: a stranger's wrong guesses never lock the owner out for longer than that."""
    cache.delete(_key("login-user", username))


# A password typed again to confirm who one is (signing an approval): counted against the same
# per-username counter as the log-in, so the signing page is no second door for guessing a password,
# and a password reset lifts both limits.


def password_check_allowed(*, username: str) -> bool:
    """Counts one attempt before the password is checked; False, and the password is not checked,
    once the username has failed too often in the log-in window (logging in or signing)."""
    count = _count(_key("login-user", username), settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    return count <= settings.LOGIN_THROTTLE_ATTEMPTS


def password_check_succeeded(*, username: str) -> None:
    """Gives back this attempt only, as ``login_succeeded`` does: the failures stay counted."""
    _uncount(_key("login-user", username))


# Password-reset e-mails: at most this many per address and per client address in the window.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_ADDRESS = 10
RESET_WINDOW_SECONDS = 3600


def allow_password_reset(*, email: str, address: str) -> bool:
    """Counts one reset request; False once the e-mail or the client address has asked too often."""
    by_email = _count(_key("reset-email", email), RESET_WINDOW_SECONDS)
    by_address = _count(_key("reset-ip", address), RESET_WINDOW_SECONDS)
    return by_email <= RESET_LIMIT_PER_EMAIL and by_address <= RESET_LIMIT_PER_ADDRESS


# Sign-ups: attempts per client address in the window (it also bounds how fast anyone can probe
# which usernames are taken).
SIGNUP_LIMIT_PER_ADDRESS = 10
SIGNUP_WINDOW_SECONDS = 3600


def allow_signup(*, address: str) -> bool:
    return _count(_key("signup-ip", address), SIGNUP_WINDOW_SECONDS) <= SIGNUP_LIMIT_PER_ADDRESS
