from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="can_review",
            field=models.BooleanField(
                default=False,
                help_text="May review and sign off assessments (granted by an owner; not to viewers).",
            ),
        ),
    ]
