"""Export jobs: request (enqueue after commit), claim-and-render (runs once, safe to retry), retry."""

from __future__ import annotations

import hashlib
import logging
import os
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import HistoryEntry
from assessments.services import assessment_refresh_advice, history_record
from assessments.timeline import history_json

from .models import Export, stalled_before
from .rendering.content import People, memo_content
from .rendering.docx import render_docx
from .rendering.drafts import DRAFT_KINDS, draft_content
from .rendering.pdf import render_pdf

logger = logging.getLogger(__name__)


# Errors worth retrying (the task retries them with back-off); anything else fails the export.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class ExportStateError(Exception):
    pass


def _enqueue(export: Export) -> None:
    from .tasks import render_export

    transaction.on_commit(lambda: render_export.delay(export.pk))


@transaction.atomic
def export_request(*, assessment, kind: str, fmt: str, user, api_key=None) -> Export:
    """Snapshots the answers and the advice, creates a queued export and enqueues it after commit."""
    if kind not in Export.Kind.values or fmt not in Export.Format.values:
        raise ExportStateError(f"unknown export {kind}/{fmt}")
    assessment = assessment_refresh_advice(assessment=assessment)
    export = Export.objects.create(
        assessment=assessment,
        organisation_id=assessment.organisation_id,
        kind=kind,
        format=fmt,
        document=assessment.answers_document(),
        advice=assessment.advice,
        ruleset_version=assessment.ruleset_version,
        answers_hash=assessment.answers_hash,
        requested_by=user,
    )
    history_record(assessment=assessment, actor=user, kind=HistoryEntry.Kind.EXPORT, api_key=api_key,
                   changes={kind: (None, f"{Export.Kind(kind).label} ({fmt.upper()})")})
    if kind == Export.Kind.DOSSIER:  # a snapshot, so that a re-render prints the same history
        export.history = history_json(assessment=assessment)
        export.save(update_fields=["history"])
    _enqueue(export)
    return export


@transaction.atomic
def export_retry(*, export: Export, user) -> Export:
    """Re-queues a failed export, or a running one whose worker stopped responding (stalled)."""
    retryable = Q(status=Export.Status.FAILED) | Q(status=Export.Status.RUNNING, started_at__lt=stalled_before())
    if not Export.objects.filter(retryable, pk=export.pk).update(status=Export.Status.QUEUED, error=""):
        raise ExportStateError("Only a failed or stalled export can be retried.")
    logger.info("export %s re-queued by %s", export.pk, getattr(user, "pk", None))
    export.refresh_from_db()
    _enqueue(export)
    return export


def _claim(export_id: int) -> bool:
    """Claims the export for this worker with a conditional update, so it runs once. A ``running``
    export whose worker died (started before the hard time limit ago) may be claimed again."""
    now = timezone.now()
    claimed = Export.objects.filter(
        Q(status=Export.Status.QUEUED) | Q(status=Export.Status.RUNNING, started_at__lt=stalled_before(now)),
        pk=export_id,
    ).update(status=Export.Status.RUNNING, started_at=now, attempts=F("attempts") + 1)
    return bool(claimed)


def content_for(*, kind: str, document: dict, advice: dict, people: People, history: dict | None = None) -> dict:
    """The content model of one export kind: the memo or dossier (with the assessment's history, when
    given, as its last appendix), or an agency draft."""
    if kind in DRAFT_KINDS:
        return draft_content(kind=kind, document=document, advice=advice, people=people)
    return memo_content(document=document, advice=advice, kind=kind, people=people, history=history)


def render_bytes(
    *, kind: str, fmt: str, document: dict, advice: dict, people: People, history: dict | None = None
) -> bytes:
    content = content_for(kind=kind, document=document, advice=advice, people=people, history=history)
    if fmt == Export.Format.DOCX:
        return render_docx(content)
    return render_pdf(content, document=document, advice=advice, history=history)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def export_people(export: Export) -> People:
    """Who the document is for and by: the client from the assessment, the author (who created the
    assessment, else who asked for the export), the reviewer once someone reviewed it."""
    assessment, organisation = export.assessment, export.organisation
    return People(
        issued=export.created_at.date(),
        organisation_name=organisation.name,
        logo_url=f"{settings.MEDIA_URL}{organisation.logo.name}" if organisation.logo else "",
        client=assessment.sponsor,
        author=_person(assessment.created_by or export.requested_by),
        reviewer=assessment.signature_manifestation,  # signer's name, meaning and time (issue 16)
        version=assessment.revision,
    )


FILE_KINDS = {
    Export.Kind.MEMO: "classification-memo",
    Export.Kind.DOSSIER: "regulatory-dossier",
    Export.Kind.CAT_REQUEST: "cat-classification-request-draft",
    Export.Kind.RFD: "rfd-outline-draft",
    Export.Kind.TRG_INQUIRY: "trg-inquiry-draft",
    Export.Kind.HE_APPLICATION: "hospital-exemption-application-draft",
}


def file_name(export: Export) -> str:
    product = slugify(export.assessment.product_name)[:60] or "product"
    return f"{product}-{FILE_KINDS[export.kind]}-{export.created_at:%Y-%m-%d}.{export.format}"


def export_seconds_until_stalled(*, export_id: int) -> float | None:
    """How long until a ``running`` export may be claimed again; None when it is not running.
    A message redelivered because a pool process died arrives at once, while the row still looks
    taken: the task waits this long and tries again instead of dropping the export."""
    started_at = (
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING).values_list("started_at", flat=True).first()
    )
    if started_at is None:
        return None
    return max(0.0, (started_at - stalled_before()).total_seconds())


def export_render(*, export_id: int) -> bool:
    """Claims and renders the export; False when it could not be claimed (finished, or running
    elsewhere). Failures are kept on the row; transient errors are raised for the task to retry."""
    if not _claim(export_id):
        logger.info("export %s is not claimable (done, failed or running elsewhere)", export_id)
        return False
    export = Export.objects.select_related("organisation", "assessment__created_by", "requested_by").get(pk=export_id)
    delay = float(os.environ.get("ATMP_TEST_RENDER_DELAY", "0") or 0)
    if delay and export.attempts == 1:  # set only by the worker tests, to kill a worker mid-task
        time.sleep(delay)
    try:
        content = render_bytes(kind=export.kind, fmt=export.format, document=export.document,
                               advice=export.advice, people=export_people(export), history=export.history)
        export.file.save(file_name(export), ContentFile(content), save=False)
        export.sha256 = hashlib.sha256(content).hexdigest()
        export.status = Export.Status.DONE
        export.finished_at = timezone.now()
        export.error = ""
        export.save(update_fields=["file", "sha256", "status", "finished_at", "error"])
    except SoftTimeLimitExceeded:
        export_fail(export_id=export_id, message=TOO_LONG)
    except TRANSIENT_ERRORS:
        # Hand the row back, so that the task's retry can claim it; without this it would stay
        # "running" and every retry would be refused by the claim.
        _release(export_id)
        raise
    except Exception as exc:  # keep the message on the row; the user can retry
        logger.exception("export %s failed", export_id)
        export_fail(export_id=export_id, message=f"Rendering failed: {exc}")
    return True


TOO_LONG = "Rendering took too long and was stopped. Retry, or contact support if it happens again."


def _release(export_id: int) -> None:
    try:
        Export.objects.filter(pk=export_id, status=Export.Status.RUNNING).update(status=Export.Status.QUEUED)
    except TRANSIENT_ERRORS:  # the database is still away: the row stalls and can be retried later
        logger.warning("export %s could not be released for a retry", export_id, exc_info=True)


def export_fail(*, export_id: int, message: str) -> None:
    """Marks an unfinished export failed, keeping the message (a finished one is left alone)."""
    Export.objects.filter(pk=export_id, status__in=[Export.Status.QUEUED, Export.Status.RUNNING]).update(
        status=Export.Status.FAILED, error=message, finished_at=timezone.now()
    )
