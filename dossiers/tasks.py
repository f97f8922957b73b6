from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.conf import settings

from .services import TOO_LONG, TRANSIENT_ERRORS, export_fail, export_render, export_seconds_until_stalled

# How many times a delivery waits for a running export to finish or stall before it gives up.
BUSY_WAITS = 3


class RenderExportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """The task gave up: retries exhausted, an error the service did not expect, or the hard time
        limit killed it. Record why, so the status page shows it and offers a retry. (A worker that
        died is not a failure: its message is redelivered and the claim picks the row up again.)"""
        export_id = args[0] if args else kwargs["export_id"]
        if isinstance(exc, TimeLimitExceeded):
            message = TOO_LONG
        elif isinstance(exc, TRANSIENT_ERRORS):
            message = "The database was unavailable while rendering. Retry in a moment."
        else:
            message = f"Rendering failed: {exc}"
        export_fail(export_id=export_id, message=message)


@shared_task(
    bind=True,
    base=RenderExportTask,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def render_export(self, export_id: int) -> None:
    """Loads the export by id and renders it; the service's claim makes a redelivery harmless.

    When the row is still "running" (a pool process was killed and the message came straight
    back, or a duplicate delivery overlaps a live render), wait until it would stall and try again:
    by then it is done (nothing to do) or its worker is gone (the claim takes it over)."""
    if export_render(export_id=export_id) or self.request.is_eager:
        return
    wait = export_seconds_until_stalled(export_id=export_id)
    if wait is not None and self.request.retries < self.max_retries + BUSY_WAITS:
        raise self.retry(countdown=wait + 1, max_retries=self.request.retries + 1)
