"""/healthz: database and broker status as JSON; 503 when the database is down."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "down"
    return "ok"


def broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "not_configured"
    from atmp_advisor.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    status = {"database": database_status(), "broker": broker_status()}
    return JsonResponse(status, status=503 if status["database"] != "ok" else 200)
