from django.contrib import admin

from .models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["assessment", "kind", "format", "status", "ruleset_version", "created_at"]
    list_filter = ["status", "kind", "format"]
    readonly_fields = ["sha256", "answers_hash", "ruleset_version", "error", "attempts"]
