"""Shared by the hardening tests (issue 14): an empty cache for the throttles, media files in a
temporary folder, and the PostgreSQL guard for the tests that need a real database server."""

import os

import pytest
from django.core.cache import cache
from django.db import connection


@pytest.fixture(autouse=True)
def _empty_cache():
    """The throttles count in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def require_postgresql() -> None:
    """Skips a test that needs PostgreSQL when the suite runs on SQLite; fails it on CI (CI=true),
    which runs against PostgreSQL, so that CI cannot pass by skipping it."""
    if connection.vendor == "postgresql":
        return
    message = "needs PostgreSQL (set DATABASE_URL=postgresql://...)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
