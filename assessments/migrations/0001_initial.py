"""The Assessment model moves here from ``classification`` with its table and its rows.

The table ``classification_assessment`` stays as it is: this migration only adds the model to
this app's state (classification 0002 removes it from that app's state, dossiers 0002 points the
export's foreign key here). The content type is relabelled so permissions and admin log entries
follow the model."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="assessments", model="assessment").exists():
        return
    ContentType.objects.filter(app_label="classification", model="assessment").update(app_label="assessments")


def unrelabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="classification", model="assessment").exists():
        return
    ContentType.objects.filter(app_label="assessments", model="assessment").update(app_label="classification")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("classification", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Assessment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("product_name", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True, max_length=10000)),
                        ("indication", models.TextField(blank=True, max_length=2000)),
                        ("sponsor", models.CharField(blank=True, max_length=200)),
                        ("answers", models.JSONField(blank=True, default=dict)),
                        ("as_of", models.DateField(blank=True, help_text="Evaluate the rules in force on this date; empty means today.", null=True)),
                        ("status", models.CharField(choices=[("draft", "Draft"), ("complete", "Complete")], default="draft", max_length=10)),
                        ("current_question", models.CharField(blank=True, help_text="Where the wizard resumes.", max_length=64)),
                        ("advice", models.JSONField(blank=True, null=True)),
                        ("ruleset_version", models.CharField(blank=True, max_length=32)),
                        ("answers_hash", models.CharField(blank=True, max_length=64)),
                        ("eu_category", models.CharField(blank=True, max_length=16)),
                        ("us_status", models.CharField(blank=True, max_length=24)),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="assessments", to="accounts.organisation")),
                        ("updated_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "classification_assessment",
                        "ordering": ["-updated_at"],
                        "indexes": [models.Index(fields=["organisation", "-updated_at"], name="classificat_organis_772006_idx")],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_type, unrelabel_content_type),
    ]
