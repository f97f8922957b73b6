"""Settings come from the environment, parsed strictly: a malformed value stops start-up with a
message naming the variable, never a traceback."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = secrets.token_urlsafe(48)


def run_manage(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_"))}
    env["DJANGO_SETTINGS_MODULE"] = "atmp_advisor.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *(args or ("check",))], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "True", "DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "True", "DJANGO_CSRF_TRUSTED_ORIGINS": "notaurl"}, "DJANGO_CSRF_TRUSTED_ORIGINS"),
        ({"DJANGO_DEBUG": "True", "EMAIL_PORT": "abc"}, "EMAIL_PORT"),
        ({"DJANGO_DEBUG": "True", "CELERY_BROKER_URL": "http://x"}, "CELERY_BROKER_URL"),
        ({"DJANGO_DEBUG": "True", "DJANGO_ALLOWED_HOSTS": "a,,b"}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "False"}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "django-insecure-development-only-key-never-use-in-production"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_DEBUG": "False", "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_the_variable(env, variable):
    result = run_manage(env)
    assert result.returncode == 2, result.stderr
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_defaults_work_with_nothing_set():
    result = run_manage({"DJANGO_DEBUG": "True"})
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_check_with_no_warning():
    result = run_manage(
        {
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": GOOD_SECRET,
            "DJANGO_ALLOWED_HOSTS": "advisor.example.com",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://advisor.example.com",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
