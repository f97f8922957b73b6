from django.contrib import admin

from .models import ApiKey, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "personal", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are listed and revoked here, never created (a key is shown once, by the settings page or
    ``manage.py api_key``); the hash is not shown."""

    list_display = ["name", "organisation", "role", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["name", "prefix", "organisation__name"]
    fields = ["name", "organisation", "role", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "organisation", "role", "prefix", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False
