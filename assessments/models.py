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
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"

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
    # The document's version as people read it ("version 2"): a new one starts from an approved
    # assessment, which stays as it was signed (``version`` above counts writes, for locking).
    revision = models.PositiveIntegerField(default=1)
    supersedes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors",
        help_text="The approved version this one was started from.",
    )
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

    @property
    def is_locked(self) -> bool:
        """Approved: signed as it is, so nothing about it changes (a new version is started instead)."""
        return self.status == self.Status.APPROVED

    @property
    def signature_manifestation(self) -> str:
        """The approval as the memo prints it (name, meaning, time), or "" when not approved."""
        signature = getattr(self, "signature", None) if self.is_locked else None
        if signature is None:
            return ""
        return f"{signature.signer_name}: {signature.meaning.lower()}, {signature.signed_at:%-d %B %Y, %H:%M} UTC"

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
        SIGNATURE = "signature", "Signature"
        VERSION = "version", "New version"
        ADVICE = "advice", "Advice re-evaluated"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # A change made through the REST API with a key has no person: the key made it. Who made a
    # change is also kept in words as at write time, so the entry still names them once the key
    # or the user account is gone.
    api_key = models.ForeignKey("accounts.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Who made the change, named as at the time: the person, or the API key's name and prefix."
    )
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


class _AppendOnly(models.Model):
    """A record kept for good: inserted once, never changed or deleted on its own (it goes with its
    assessment)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError(f"A {self._meta.verbose_name} is kept as recorded: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"A {self._meta.verbose_name} is kept as recorded: it is never deleted on its own.")


class Signature(_AppendOnly):
    """The electronic signature that approved an assessment: who signed (the name as it read when
    they signed), what the signature means and when, and what was signed (the answers' hash and
    the ruleset version). One per assessment version; the manifestation printed on the memo."""

    MEANING = "Reviewed and approved for release"

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="signature")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    signer_name = models.CharField(max_length=300)
    meaning = models.CharField(max_length=200, default=MEANING)
    signed_at = models.DateTimeField()
    answers_hash = models.CharField(max_length=64)
    ruleset_version = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.meaning}: {self.signer_name}, {self.signed_at:%Y-%m-%d %H:%M} UTC"


class Comment(_AppendOnly):
    """A remark on an assessment, or on one of its questions (``question_id``)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    question_id = models.CharField(max_length=64, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class AdviceRevision(_AppendOnly):
    """The advice of an assessment's saved answers as a later re-evaluation gave it, kept beside the
    advice saved before (never replacing it): the ruleset and the date it was evaluated under, the
    outcomes that changed (``changes``: field, before, after, as codes; words come from the labels
    module when shown) and the rule ids that entered or left the trace."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="advice_revisions")
    ruleset_version = models.CharField(max_length=32)
    previous_ruleset_version = models.CharField(max_length=32, blank=True)
    evaluated_on = models.DateField(help_text="The date whose law the advice applies.")
    answers_hash = models.CharField(max_length=64)
    outcome = models.JSONField(help_text="The outcomes compared: EU, US, hospital exemption, each pathway.")
    advice = models.JSONField(null=True, blank=True, help_text="In full when an outcome or a rule changed.")
    changes = models.JSONField(default=list, blank=True)
    rules_added = models.JSONField(default=list, blank=True)
    rules_removed = models.JSONField(default=list, blank=True)
    changed = models.BooleanField(default=False, help_text="An outcome differs from the advice before.")
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assessment", "-created_at"])]
        constraints = [
            # Two runs on one day with one ruleset record one revision (the second finds nothing new).
            models.UniqueConstraint(
                fields=["assessment", "ruleset_version", "evaluated_on", "answers_hash"],
                name="one_advice_revision_per_ruleset_day_and_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} under {self.ruleset_version} on {self.evaluated_on}"
