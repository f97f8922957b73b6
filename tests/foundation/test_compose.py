"""No Docker engine runs here: parse docker-compose.yml and check it agrees with the settings."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (ROOT / "atmp_advisor" / "settings.py").read_text()
SETTINGS_VARIABLES = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', SETTINGS_SOURCE))


def test_it_has_the_five_services_with_health_checks():
    services = COMPOSE["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    for name in ("db", "redis", "web"):
        assert "healthcheck" in services[name], name
    assert services["db"]["image"].startswith("postgres:16")


def test_web_and_worker_wait_for_healthy_database_and_redis():
    for name in ("web", "worker"):
        depends = COMPOSE["services"][name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"


def test_web_migrates_on_start_and_serves_with_gunicorn():
    command = COMPOSE["services"]["web"]["command"]
    assert "migrate" in command and "gunicorn atmp_advisor.wsgi" in command
    assert "celery -A atmp_advisor worker" in COMPOSE["services"]["worker"]["command"]


def test_beat_schedules_the_re_evaluation_once():
    """One beat service sends the periodic tasks of CELERY_BEAT_SCHEDULE; the worker runs them."""
    beat = COMPOSE["services"]["beat"]
    assert "celery -A atmp_advisor beat" in beat["command"] and "deploy" not in beat
    assert "CELERY_BEAT_SCHEDULE" in SETTINGS_SOURCE


def test_every_environment_variable_is_one_the_settings_read():
    for name in ("web", "worker"):
        environment = COMPOSE["services"][name]["environment"]
        unknown = set(environment) - SETTINGS_VARIABLES
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
        for required in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
            assert required in environment


def test_env_example_documents_only_variables_the_settings_read():
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert names <= SETTINGS_VARIABLES
    assert "DJANGO_SECRET_KEY" in names


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") >= 2
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.M)
    assert users and users[-1] not in {"root", "0"}
