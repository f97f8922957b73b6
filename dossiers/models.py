from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from atmp_advisor.files import delete_after_commit


def stalled_before(now: datetime | None = None) -> datetime:
    """A ``running`` export started before this moment has outlived the hard time limit: its worker
    died or was killed, so it may be claimed again (redelivery) or retried (status page)."""
    return (now or timezone.now()) - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


class Export(models.Model):
    """One rendering of a memo, a dossier or an agency draft. Rendered by a Celery worker; the same answers and
    ruleset give the same bytes (sha256), and a failure keeps its message and can be retried."""

    class Kind(models.TextChoices):
        MEMO = "memo", "Classification memo"
        DOSSIER = "dossier", "Regulatory dossier"
        CAT_REQUEST = "cat_request", "CAT classification request (draft)"
        RFD = "rfd", "Pre-RFD / RFD outline (draft)"
        TRG_INQUIRY = "trg_inquiry", "Tissue Reference Group inquiry (draft)"
        HE_APPLICATION = "he_application", "Hospital-exemption application outline (draft)"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="exports")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=5, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    ruleset_version = models.CharField(max_length=32, blank=True)
    answers_hash = models.CharField(max_length=64, blank=True)
    advice = models.JSONField(null=True, blank=True, help_text="The advice the document was rendered from.")
    document = models.JSONField(null=True, blank=True, help_text="The answers document it was rendered from.")
    history = models.JSONField(
        null=True, blank=True, help_text="The assessment's history when the dossier was requested (printed and attached)."
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}) of {self.assessment}"

    @property
    def is_stalled(self) -> bool:
        return self.status == self.Status.RUNNING and self.started_at is not None and (
            self.started_at < stalled_before()
        )

    @property
    def content_type(self) -> str:
        if self.format == self.Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@receiver(post_delete, sender=Export, dispatch_uid="export-file-deleted-with-its-row")
def _delete_file(sender, instance: Export, **kwargs) -> None:
    """The rendered file goes with its row on every path that deletes one, the cascades included
    (an assessment or an organisation deleted with its exports). Housekeeping, not a business rule:
    a signal is the one place that sees a cascade, which calls no model's delete()."""
    delete_after_commit(instance.file.storage, instance.file.name)
