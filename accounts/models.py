import hashlib

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

from atmp_advisor.files import delete_after_commit


class Organisation(models.Model):
    """A client, a company or an academic group. Every assessment belongs to one."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    personal = models.BooleanField(default=False, help_text="Created at sign-up for one user.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@receiver(post_delete, sender=Organisation, dispatch_uid="organisation-logo-deleted-with-its-row")
def _delete_logo(sender, instance: Organisation, **kwargs) -> None:
    """The logo file goes with its row on every path that deletes one (the admin included).
    Housekeeping, not a business rule: a signal is the one place that sees every delete."""
    delete_after_commit(instance.logo.storage, instance.logo.name)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    can_review = models.BooleanField(
        default=False, help_text="May review and sign off assessments (granted by an owner; not to viewers)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"

    @property
    def can_edit(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.EDITOR}

    @property
    def may_review(self) -> bool:
        """Holds the reviewer permission and a role that may act (a viewer only reads)."""
        return self.can_review and self.can_edit


class ApiKey(models.Model):
    """A key a script uses to call the REST API for one organisation, acting with one role.

    The key is shown once, when it is created; only its ``prefix`` (to find it and to tell keys
    apart in a list) and the SHA-256 of the whole key are kept. The secret part is 256 random
    bits, so a fast hash is enough: nobody can guess their way back from the hash."""

    class Role(models.TextChoices):
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_edit(self) -> bool:
        return self.role == self.Role.EDITOR

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
