"""Settings for the test suite: the production settings with a test secret, no TLS
redirect (the test client and the browser speak plain HTTP to a local server) and a fast
password hasher. Everything else, DATABASE_URL and CELERY_BROKER_URL included, still comes
from the environment."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-for-the-suite-only-0123456789abcdefghijklmnop")
os.environ.setdefault("DJANGO_HTTPS", "False")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run eagerly in tests; the worker tests switch this off and talk to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
