"""The Assessment model now lives in the ``assessments`` app (assessments 0001): it leaves this
app's state only; its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0001_initial"),
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Assessment")],
        ),
    ]
