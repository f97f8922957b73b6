from django.contrib import admin

from .models import HistoryEntry


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    """The history of changes, read-only: nobody adds, edits or deletes an entry here."""

    list_display = ("created_at", "assessment", "kind", "key", "actor", "version")
    list_filter = ("kind",)
    search_fields = ("assessment__product_name", "key")
    list_select_related = ("assessment", "actor")
    readonly_fields = ("assessment", "actor", "created_at", "kind", "key", "old", "new", "version")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
