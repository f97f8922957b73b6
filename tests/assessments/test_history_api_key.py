"""The timeline and its CSV and JSON exports name the API key that made a change, in words, and
keep naming it once the key is gone; a person's change still names the person."""

import csv
import io
import json

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import ApiKey
from assessments import services
from assessments.models import HistoryEntry
from assessments.timeline import timeline

from .records import confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(organisation, alice):
    return account_services.api_key_create(
        organisation=organisation, name="Portfolio notebook", role="editor", by=alice
    )[0]


@pytest.fixture
def changed_by_key(organisation, alice, key):
    """An assessment whose sponsor the key changed last."""
    assessment = confirmed(organisation, alice)
    return services.assessment_update_details(
        assessment=assessment, user=None, api_key=key, version=assessment.version, sponsor="Helix Bio"
    )


def words(key) -> str:
    return f"API key ‘Portfolio notebook’ (atmp_{key.prefix}…)"


def test_the_timeline_names_the_key_in_words(changed_by_key, key, alice_client):
    last = timeline(assessment=changed_by_key)[-1]
    assert (last.what, last.who) == ("Sponsor (client) changed", words(key))
    page = alice_client.get(reverse("assessment-timeline", args=[changed_by_key.pk])).content.decode()
    assert words(key) in page
    assert "alice" in page  # who confirmed it is still the person


def test_the_csv_and_json_exports_name_the_key(changed_by_key, key, alice_client):
    response = alice_client.get(reverse("assessment-history-csv", args=[changed_by_key.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (rows[-1]["what"], rows[-1]["who"]) == ("Sponsor (client) changed", words(key))
    assert {row["who"] for row in rows[:-1]} == {"alice"}
    document = json.loads(
        alice_client.get(reverse("assessment-history-json", args=[changed_by_key.pk])).content
    )
    assert document["events"][-1]["who"] == words(key)


def test_the_key_is_still_named_once_its_row_is_gone(changed_by_key, key):
    entry = HistoryEntry.objects.filter(assessment=changed_by_key).order_by("pk").last()
    assert entry.api_key == key
    ApiKey.objects.filter(pk=key.pk).delete()
    entry = HistoryEntry.objects.get(pk=entry.pk)
    assert entry.api_key is None and entry.key == "sponsor"
    assert timeline(assessment=changed_by_key)[-1].who == words(key)


def test_a_change_by_nobody_and_no_key_reads_as_automatic(organisation, alice):
    assessment = confirmed(organisation, alice)
    services.history_record(
        assessment=assessment,
        actor=None,
        kind=HistoryEntry.Kind.ADVICE,
        changes={"ruleset": ("2026.12.1", "2026.12.2")},
    )
    assert timeline(assessment=assessment)[-1].who == "ATMP Advisor (automatic)"


def test_a_person_is_still_named_once_their_account_is_deleted(organisation, alice):
    from accounts.models import Membership
    from tests.conftest import make_user

    carol = make_user("carol")
    carol.first_name, carol.last_name = "Carol", "Reviewer"
    carol.save()
    Membership.objects.create(user=carol, organisation=organisation, role=Membership.Role.EDITOR)
    assessment = confirmed(organisation, alice)
    services.history_record(
        assessment=assessment, actor=carol, kind=HistoryEntry.Kind.PRODUCT, changes={"sponsor": ("A", "B")}
    )
    carol.delete()
    entry = HistoryEntry.objects.filter(assessment=assessment).order_by("pk").last()
    assert entry.actor is None and entry.key == "sponsor"
    assert timeline(assessment=assessment)[-1].who == "Carol Reviewer"
