from django.contrib import admin

from .models import AdviceRevision, Comment, HistoryEntry, Signature


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    """The history of changes, read-only: nobody adds, edits or deletes an entry here."""

    list_display = ("created_at", "assessment", "kind", "key", "actor", "actor_label", "version")
    list_filter = ("kind",)
    search_fields = ("assessment__product_name", "key")
    list_select_related = ("assessment", "actor")
    readonly_fields = ("assessment", "actor", "api_key", "actor_label", "created_at", "kind", "key", "old", "new",
                       "version")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    """Records kept for good (issue 16): shown, never added, changed or deleted here."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Signature)
class SignatureAdmin(_ReadOnly):
    list_display = ("signed_at", "assessment", "signer_name", "meaning")
    list_select_related = ("assessment",)


@admin.register(Comment)
class CommentAdmin(_ReadOnly):
    list_display = ("created_at", "assessment", "author", "question_id")
    list_select_related = ("assessment", "author")


@admin.register(AdviceRevision)
class AdviceRevisionAdmin(_ReadOnly):
    list_display = ("created_at", "assessment", "ruleset_version", "evaluated_on", "changed")
    list_filter = ("changed", "ruleset_version")
    list_select_related = ("assessment",)
