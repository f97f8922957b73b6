"""A real Celery worker for the export tests (mark them ``worker``).

They need Redis (CELERY_BROKER_URL) and PostgreSQL (DATABASE_URL): the worker is another process
and must see the rows the test commits, which an in-memory SQLite database cannot offer. Without
them the tests are skipped locally and fail on CI (CI=true), so CI cannot pass by skipping them.

Each test gets a queue of its own, so stale messages from another run, or another engineer's
worker on the same Redis, never meet this test's worker. A failing test prints the workers' logs;
ATMP_TEST_WORKER_LOGLEVEL=INFO makes them say more."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from assessments.services import assessment_create

from .archetypes import GENE_THERAPY

ROOT = Path(__file__).resolve().parents[2]
# Short limits so that a killed worker's export stalls, and is taken over, within seconds.
WORKER_LIMITS = {"CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_TASK_TIME_LIMIT": "4", "CELERY_TASK_SOFT_TIME_LIMIT": "3"}


def _require_stack() -> None:
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


def _database_url() -> str:
    """The test database (test_<name>, created by pytest-django) as a URL for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgresql://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    def __init__(self, env: dict[str, str], queue: str, logs: Path) -> None:
        self.env, self.queue, self.logs = env, queue, logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, *, pool: str = "solo", **extra_env: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "atmp_advisor", "worker", "-P", pool, "--concurrency", "1",
             "--without-mingle", "--without-gossip", "--without-heartbeat", "-Q", self.queue,
             "-n", f"{name}-{self.queue}@%h", "--loglevel", os.environ.get("ATMP_TEST_WORKER_LOGLEVEL", "WARNING")],
            cwd=ROOT, env={**self.env, **extra_env}, stdout=log, stderr=subprocess.STDOUT,
        )
        self.started.append(worker)
        return worker

    def log(self) -> str:
        """Every worker's log, for an assertion message."""
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.logs.glob("*.log")))

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()


@pytest.fixture
def assessment(organisation, alice):
    """An assessment of the gene-therapy archetype, owned by alice's organisation."""
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(GENE_THERAPY["answers"])
    assessment.save()
    return assessment


@pytest.fixture
def celery_workers(settings, tmp_path):
    """Starts real workers on a queue of this test's own; tasks are sent there, not run eagerly."""
    _require_stack()
    from atmp_advisor.celery import app

    queue = f"exports-test-{uuid.uuid4().hex[:12]}"
    saved = app.conf.task_always_eager, app.conf.task_default_queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.dossiers.worker_settings", "DATABASE_URL": _database_url(),
           "ATMP_TEST_QUEUE": queue, **WORKER_LIMITS}
    workers = Workers(env, queue, tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()
        app.conf.task_always_eager, app.conf.task_default_queue = saved


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False
