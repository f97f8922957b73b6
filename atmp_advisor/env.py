"""Strict parsers for settings read from environment variables.

A malformed value stops start-up with a message naming the variable, never a traceback
deep inside Django. (Modelled on healthchecks' envbool/envint.)
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured


class SettingError(ImproperlyConfigured):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes", "on"}:
        return True
    if lowered in {"false", "0", "no", "off"}:
        return False
    raise SettingError(f"{name}={value!r} is not a boolean: use True or False.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise SettingError(f"{name}={value!r} has an empty item: separate values with single commas.")
    return items


def env_url(name: str, default: str | None, *, schemes: set[str]) -> str | None:
    value = env_str(name, default)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise SettingError(f"{name}={value!r} is not a URL with one of the schemes {allowed}.")
    if parsed.scheme != "sqlite" and not parsed.hostname and parsed.scheme not in {"memory"}:
        raise SettingError(f"{name}={value!r} has no host.")
    return value


def env_origins(name: str) -> list[str]:
    origins = env_list(name, [])
    for origin in origins:
        parsed = urlparse(origin)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise SettingError(f"{name} item {origin!r} is not an origin such as https://advisor.example.com.")
    return origins
