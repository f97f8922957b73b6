from django.conf import settings
from django.db import models

from classification.rules.engine import answers_hash
from classification.rules.ruleset import RULESET_VERSION


class Assessment(models.Model):
    """One product under assessment: what the user told us and the advice we gave.

    ``answers`` holds the ``answers`` object of an answers document (v1), validated by the
    schema; ``advice`` is the snapshot of the last evaluation with the ruleset version and the
    hash of the answers it was computed from. ``version`` is bumped on every write so that
    two people editing the same assessment never silently overwrite each other.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Complete"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="assessments")
    product_name = models.CharField(max_length=200)
    description = models.TextField(max_length=10000, blank=True)
    indication = models.TextField(max_length=2000, blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    as_of = models.DateField(null=True, blank=True, help_text="Evaluate the rules in force on this date; empty means today.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    current_question = models.CharField(max_length=64, blank=True, help_text="Where the wizard resumes.")
    advice = models.JSONField(null=True, blank=True)
    ruleset_version = models.CharField(max_length=32, blank=True)
    answers_hash = models.CharField(max_length=64, blank=True)
    eu_category = models.CharField(max_length=16, blank=True)
    us_status = models.CharField(max_length=24, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "classification_assessment"  # the table of the app it moved from: every row kept
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organisation", "-updated_at"])]

    def __str__(self) -> str:
        return self.product_name

    @property
    def advice_is_current(self) -> bool:
        """The saved advice (and ``eu_category``, ``us_status``) was computed by this ruleset from
        these answers; checked without loading the advice: ``answers_hash`` is saved with it."""
        return (
            bool(self.answers_hash)
            and self.ruleset_version == RULESET_VERSION
            and self.answers_hash == answers_hash({"answers": self.answers})
        )

    def answers_document(self) -> dict:
        """The assessment as an answers document (v1)."""
        product = {"name": self.product_name}
        for key in ("description", "indication", "sponsor"):
            if getattr(self, key):
                product[key] = getattr(self, key)
        document = {"schema_version": "1", "product": product, "answers": dict(self.answers)}
        if self.as_of:
            document["as_of"] = self.as_of.isoformat()
        return document


class HistoryEntry(models.Model):
    """One change to an assessment, kept for good: who changed what, from what to what, and the
    assessment version the change produced. Append-only: rows are written by
    ``services.history_record`` and never changed or deleted (they go with their assessment)."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "Answer"
        PRODUCT = "product", "Product details"
        STATUS = "status", "Status"
        EXPORT = "export", "Export"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=64, blank=True, help_text="The question id, field name or export kind changed.")
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(help_text="The assessment version this change produced.")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "created_at"])]
        verbose_name_plural = "history entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} (version {self.version})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("History entries are append-only: an entry is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("History entries are append-only: an entry is never deleted on its own.")
