"""The Assessment model moved from ``classification`` to ``assessments`` without touching its
table: a database at the old state keeps every row, and exports still point at their assessment."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("classification", "0001_initial"), ("dossiers", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_a_database_at_the_old_state_keeps_every_row():
    executor = MigrationExecutor(connection)
    # Every migration of the assessments app goes too: later ones change the table the old model had.
    executor.migrate([("assessments", None), *OLD])
    old = executor.loader.project_state(OLD).apps
    organisation = old.get_model("accounts", "Organisation").objects.create(name="Org")
    kept = old.get_model("classification", "Assessment").objects.create(
        organisation=organisation, product_name="CAR-T", answers={"medicinal_purpose": True}, version=7
    )
    old.get_model("dossiers", "Export").objects.create(
        assessment=kept, organisation=organisation, kind="memo", format="pdf"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from assessments.models import Assessment
    from dossiers.models import Export

    moved = Assessment.objects.get(pk=kept.pk)
    assert (moved.product_name, moved.answers, moved.version) == ("CAR-T", {"medicinal_purpose": True}, 7)
    assert Export.objects.get().assessment == moved
    moved.delete()
    assert not Export.objects.exists()
