"""Exports through a real Celery worker on Redis and PostgreSQL (CI runs these; locally they
need CELERY_BROKER_URL and a PostgreSQL DATABASE_URL, and are skipped otherwise)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from classification.services import assessment_create
from dossiers.models import Export
from dossiers.services import export_request

from .archetypes import GENE_THERAPY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _require_stack():
    problems = []
    if not os.environ.get("CELERY_BROKER_URL"):
        problems.append("CELERY_BROKER_URL is not set")
    if connection.vendor != "postgresql":
        problems.append("the worker tests need PostgreSQL (DATABASE_URL)")
    if problems:
        message = "; ".join(problems)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def worker_env(settings):
    _require_stack()
    from atmp_advisor.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atmp_advisor.test_settings",
        "DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_TASK_TIME_LIMIT": "4",
        "CELERY_TASK_SOFT_TIME_LIMIT": "3",
    }
    app.connection_for_write().default_channel.client.delete("celery")  # no stale messages from other runs
    yield env
    app.conf.task_always_eager = True


def start_worker(env, name, **extra):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "atmp_advisor", "worker", "-P", "solo", "--without-mingle",
         "--without-gossip", "--without-heartbeat", "-n", f"{name}@%h", "--loglevel", "WARNING"],
        cwd=ROOT, env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(GENE_THERAPY["answers"])
    assessment.save()
    return assessment


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_a_real_worker_renders_the_export(worker_env, assessment, alice):
    worker = start_worker(worker_env, "render")
    try:
        export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
        done = wait_for(lambda: Export.objects.get(pk=export.pk).status == "done", 90)
        assert done, Export.objects.get(pk=export.pk).__dict__
        export.refresh_from_db()
        assert export.file.size > 10_000 and len(export.sha256) == 64
    finally:
        stop(worker)


def test_a_worker_killed_mid_task_leads_to_exactly_one_finished_export(worker_env, assessment, alice):
    first = start_worker(worker_env, "doomed", ATMP_TEST_RENDER_DELAY="60")
    second = None
    try:
        export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
        assert wait_for(lambda: Export.objects.get(pk=export.pk).status == "running", 60)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        second = start_worker(worker_env, "rescue")
        assert wait_for(lambda: Export.objects.get(pk=export.pk).status == "done", 120)
        export.refresh_from_db()
        assert Export.objects.filter(assessment=assessment).count() == 1
        assert export.attempts == 2 and export.sha256
    finally:
        stop(first)
        if second is not None:
            stop(second)
