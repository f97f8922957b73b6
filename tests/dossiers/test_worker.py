"""Exports through a real Celery worker on Redis and PostgreSQL (CI runs these; locally they
need CELERY_BROKER_URL and a PostgreSQL DATABASE_URL, and are skipped otherwise)."""

import os
import signal
import time
from pathlib import Path

import pytest

from dossiers.models import Export
from dossiers.services import export_request

from .conftest import WORKER_LIMITS, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def status(export):
    return Export.objects.get(pk=export.pk).status


def pool_children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_a_real_worker_renders_the_export(celery_workers, assessment, alice):
    celery_workers.start("render")
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    assert wait_for(lambda: status(export) == "done", 90), celery_workers.log()
    export.refresh_from_db()
    assert export.file.size > 10_000 and len(export.sha256) == 64 and export.attempts == 1


def test_a_worker_killed_mid_task_leads_to_exactly_one_finished_export(celery_workers, assessment, alice):
    doomed = celery_workers.start("doomed", ATMP_TEST_RENDER_DELAY="60")
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    assert wait_for(lambda: status(export) == "running", 60), celery_workers.log()
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    # The unacknowledged message becomes visible again after the visibility timeout. Start the
    # new worker after that: it sweeps for such messages as it starts (later sweeps are minutes
    # apart). Its claim then takes over the row, which has outlived the hard time limit.
    time.sleep(int(WORKER_LIMITS["CELERY_VISIBILITY_TIMEOUT"]) + 1)
    celery_workers.start("rescue")
    assert wait_for(lambda: status(export) == "done", 120), celery_workers.log()
    export.refresh_from_db()
    assert Export.objects.filter(assessment=assessment).count() == 1
    assert export.attempts == 2 and export.sha256


def test_a_pool_process_killed_mid_task_leads_to_exactly_one_finished_export(celery_workers, assessment, alice):
    """The out-of-memory case: the prefork parent survives, notices the lost process within about
    five seconds, and gets the message back at once, while the row still looks taken (the hard time
    limit, here 12 s, has not passed); the task waits until the row stalls, then renders it."""
    worker = celery_workers.start("prefork", pool="prefork", ATMP_TEST_RENDER_DELAY="60",
                                  CELERY_TASK_TIME_LIMIT="12", CELERY_TASK_SOFT_TIME_LIMIT="10")
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    assert wait_for(lambda: status(export) == "running", 60), celery_workers.log()
    children = pool_children(worker.pid)
    assert len(children) == 1, children
    os.kill(children[0], signal.SIGKILL)
    assert wait_for(lambda: status(export) == "done", 60), celery_workers.log()
    export.refresh_from_db()
    assert Export.objects.filter(assessment=assessment).count() == 1
    assert export.attempts == 2 and export.sha256
