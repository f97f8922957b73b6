"""The history of an assessment: every answer, product-detail and status change appended, never
changed; read-only in the admin."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, HistoryEntry
from tests.products import CAR_T

from .wizard_helpers import post_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, alice):
    return services.assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")


def rows(assessment):
    return list(HistoryEntry.objects.filter(assessment=assessment).values_list("kind", "key", "old", "new", "version"))


def test_an_answer_is_recorded_with_its_old_and_new_value(alice_client, alice, assessment):
    post_answer(alice_client, assessment, "medicinal_purpose", True)
    post_answer(alice_client, assessment, "medicinal_purpose", False)
    assert rows(assessment) == [
        ("answer", "medicinal_purpose", None, True, 2),
        ("answer", "medicinal_purpose", True, False, 3),
    ]
    assert HistoryEntry.objects.filter(assessment=assessment).first().actor == alice


def test_the_same_answer_again_records_nothing(alice, assessment):
    services.assessment_answer(assessment=assessment, user=alice, question_id="medicinal_purpose", value=True, version=1)
    services.assessment_answer(assessment=assessment, user=alice, question_id="medicinal_purpose", value=True, version=2)
    assert len(rows(assessment)) == 1


def test_answers_dropped_by_a_change_are_recorded_as_removed(alice, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(answers=dict(CAR_T))
    assessment.refresh_from_db()
    result = services.assessment_answer(
        assessment=assessment, user=alice, question_id="contains_cells_or_tissues", value=False,
        version=assessment.version,
    )
    recorded = {key: (old, new) for kind, key, old, new, _ in rows(assessment) if kind == "answer"}
    assert recorded["contains_cells_or_tissues"] == (CAR_T["contains_cells_or_tissues"], False)
    for qid in result.dropped:
        assert recorded[qid] == (CAR_T[qid], None)


def test_product_details_change_only_what_is_given_and_are_recorded(alice, assessment):
    services.assessment_update_details(
        assessment=assessment, user=alice, version=assessment.version, product_name="CAR-T 19b", indication="DLBCL"
    )
    assessment.refresh_from_db()
    assert (assessment.product_name, assessment.indication, assessment.version) == ("CAR-T 19b", "DLBCL", 2)
    assert sorted(rows(assessment)) == [
        ("product", "indication", "", "DLBCL", 2),
        ("product", "product_name", "CAR-T 19", "CAR-T 19b", 2),
    ]
    with pytest.raises(TypeError, match="answers"):
        services.assessment_update_details(assessment=assessment, user=alice, version=2, answers={})


def test_a_stale_details_change_saves_and_records_nothing(alice, assessment):
    with pytest.raises(services.StaleVersion):
        services.assessment_update_details(assessment=assessment, user=alice, version=7, product_name="X")
    assert rows(assessment) == []
    assert Assessment.objects.get(pk=assessment.pk).product_name == "CAR-T 19"


def test_confirming_records_the_status(alice, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(answers=dict(CAR_T))
    assessment.refresh_from_db()
    confirmed = services.assessment_confirm(assessment=assessment, user=alice, version=assessment.version)
    status_rows = [r for r in rows(assessment) if r[0] == "status"]
    assert status_rows == ([("status", "status", "draft", confirmed.status, 2)] if confirmed.status != "draft" else [])


def test_entries_are_append_only(alice, assessment):
    services.assessment_answer(assessment=assessment, user=alice, question_id="medicinal_purpose", value=True, version=1)
    entry = HistoryEntry.objects.get()
    entry.new = False
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    assert HistoryEntry.objects.get().new is True


def test_the_admin_shows_history_read_only(client, alice, assessment, django_user_model):
    services.assessment_answer(assessment=assessment, user=alice, question_id="medicinal_purpose", value=True, version=1)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-Long-enough-123")
    client.force_login(admin)
    entry = HistoryEntry.objects.get()
    assert client.get(reverse("admin:assessments_historyentry_changelist")).status_code == 200
    assert client.get(reverse("admin:assessments_historyentry_add")).status_code == 403
    detail = client.get(reverse("admin:assessments_historyentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="new"' not in detail.content.decode()
    client.post(reverse("admin:assessments_historyentry_delete", args=[entry.pk]), {"post": "yes"})
    assert HistoryEntry.objects.filter(pk=entry.pk).exists()
