from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .services import export_render


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
)
def render_export(export_id: int) -> None:
    """Loads the export by id and renders it; the service's claim makes a redelivery harmless."""
    export_render(export_id=export_id)
