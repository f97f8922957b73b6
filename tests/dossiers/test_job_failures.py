"""An export never stays "running" for ever: transient errors are retried with the row handed back,
retries that run out and hard time limits mark it failed, and a stalled one can be retried."""

from datetime import timedelta

import pytest
from celery.exceptions import TimeLimitExceeded
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from dossiers import services
from dossiers.models import Export
from dossiers.services import ExportStateError, export_request, export_retry
from dossiers.tasks import render_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(assessment, alice):
    return export_request(assessment=assessment, kind="memo", fmt="docx", user=alice)  # queued, not run


def flaky_render(monkeypatch, failures):
    """render_bytes raises a database error ``failures`` times, then renders."""
    real, calls = services.render_bytes, []

    def render_bytes(**kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "render_bytes", render_bytes)
    return calls


def test_a_transient_error_hands_the_row_back_so_the_retry_renders_it(monkeypatch, export):
    flaky_render(monkeypatch, failures=1)
    render_export.apply(args=[export.pk])  # eager: the retry runs at once
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2 and export.error == ""


def test_retries_that_run_out_mark_the_export_failed(monkeypatch, export):
    calls = flaky_render(monkeypatch, failures=99)
    render_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert len(calls) == 4  # the first try and max_retries=3
    assert export.status == "failed" and "database was unavailable" in export.error


def test_the_hard_time_limit_marks_the_export_failed(export):
    Export.objects.filter(pk=export.pk).update(status="running", started_at=timezone.now())
    render_export.on_failure(TimeLimitExceeded(180), "task-id", (export.pk,), {}, None)
    export.refresh_from_db()
    assert export.status == "failed" and "took too long" in export.error


def test_a_late_failure_hook_leaves_a_finished_export_alone(export):
    render_export.apply(args=[export.pk])
    render_export.on_failure(RuntimeError("late"), "task-id", (export.pk,), {}, None)
    export.refresh_from_db()
    assert export.status == "done"


def test_a_running_export_cannot_be_retried_until_it_stalls(alice, export, settings):
    Export.objects.filter(pk=export.pk).update(status="running", started_at=timezone.now())
    export.refresh_from_db()
    with pytest.raises(ExportStateError):
        export_retry(export=export, user=alice)
    started = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Export.objects.filter(pk=export.pk).update(started_at=started)
    export.refresh_from_db()
    assert export.is_stalled
    export_retry(export=export, user=alice)
    assert Export.objects.get(pk=export.pk).status == "queued"


def test_the_status_page_offers_a_retry_for_a_stalled_export(alice_client, export, settings,
                                                             django_capture_on_commit_callbacks):
    started = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Export.objects.filter(pk=export.pk).update(status="running", started_at=started)
    html = alice_client.get(reverse("export-detail", args=[export.pk])).content.decode()
    assert "stopped responding" in html and reverse("export-retry", args=[export.pk]) in html
    assert 'http-equiv="refresh"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("export-retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 1


def test_viewers_cannot_retry(viewer_client, export):
    Export.objects.filter(pk=export.pk).update(status="failed", error="boom")
    assert viewer_client.post(reverse("export-retry", args=[export.pk])).status_code == 403
    assert Export.objects.get(pk=export.pk).status == "failed"
