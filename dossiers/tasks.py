from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.conf import settings

from .services import TOO_LONG, TRANSIENT_ERRORS, export_fail, export_render


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
def render_export(export_id: int) -> None:
    """Loads the export by id and renders it; the service's claim makes a redelivery harmless."""
    export_render(export_id=export_id)
