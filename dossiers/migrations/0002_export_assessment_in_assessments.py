"""The export's assessment is now ``assessments.Assessment`` (the same table,
classification_assessment): the foreign key changes in the migration state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
        ("assessments", "0001_initial"),
    ]
    # Before the old model leaves the state, so no state ever has a foreign key to nothing.
    run_before = [("classification", "0002_assessment_moved_to_assessments")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="export",
                    name="assessment",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="exports", to="assessments.assessment"
                    ),
                ),
            ],
        ),
    ]
