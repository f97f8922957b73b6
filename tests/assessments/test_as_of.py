"""Viewing an assessment as of a date (?as_of=YYYY-MM-DD): what the law of that day would change,
validated with an error naming the field, and nothing saved by the GET."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AdviceRevision, Assessment, HistoryEntry
from tests.products import CAR_T, HSC

from .records import confirmed

pytestmark = pytest.mark.django_db


def url(assessment, as_of=None):
    base = reverse("assessment-differences", args=[assessment.pk])
    return base if as_of is None else f"{base}?as_of={as_of}"


def test_as_of_the_soho_date_the_graft_changes_framework_in_words(organisation, alice, alice_client):
    graft = confirmed(organisation, alice, answers=HSC, name="HSC graft")
    response = alice_client.get(url(graft, "2027-08-07"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Under the law of 7 August 2027" in page
    assert "EU framework that applies instead: Directive 2004/23/EC" in page and "Regulation (EU) 2024/1938" in page
    assert "EU-CLS-8.SoHO" in page  # beside the words, as the reference


def test_the_day_before_nothing_changes(organisation, alice, alice_client):
    graft = confirmed(organisation, alice, answers=HSC, name="HSC graft")
    page = alice_client.get(url(graft, "2027-08-06")).content.decode()
    assert "No outcome changes" in page


def test_the_get_saves_nothing(organisation, alice, alice_client):
    car_t = confirmed(organisation, alice, answers=CAR_T)
    before = Assessment.objects.values().get(pk=car_t.pk)
    entries = HistoryEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(url(car_t, "2027-08-07")).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
              and "django_session" not in q["sql"]]
    assert writes == []
    assert Assessment.objects.values().get(pk=car_t.pk) == before
    assert HistoryEntry.objects.count() == entries and not AdviceRevision.objects.exists()


@pytest.mark.parametrize("value,message", [
    ("07/08/2027", "Write the date as YYYY-MM-DD"),
    ("2027-02-30", "Write the date as YYYY-MM-DD"),
    ("1899-12-31", "The rules cover dates from 1 January 1900 on"),
    ("2101-01-01", "Choose a date before 2100"),
    ("", "This field is required"),
    ("2027-08-07\x00", "Write the date as YYYY-MM-DD"),
])
def test_a_bad_date_is_a_400_naming_the_field(value, message, organisation, alice, alice_client):
    car_t = confirmed(organisation, alice, answers=CAR_T)
    response = alice_client.get(reverse("assessment-differences", args=[car_t.pk]), {"as_of": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Apply the law of: " in page and message in page


def test_without_a_date_the_page_offers_the_form(organisation, alice, alice_client):
    car_t = confirmed(organisation, alice, answers=CAR_T)
    response = alice_client.get(url(car_t))
    assert response.status_code == 200 and 'name="as_of"' in response.content.decode()


def test_viewers_may_look_and_other_organisations_may_not(organisation, alice, viewer_client, bob_client):
    car_t = confirmed(organisation, alice, answers=CAR_T)
    assert viewer_client.get(url(car_t, "2027-08-07")).status_code == 200
    assert bob_client.get(url(car_t, "2027-08-07")).status_code == 404


def test_anonymous_users_are_sent_to_log_in(organisation, alice, client):
    car_t = confirmed(organisation, alice, answers=CAR_T)
    assert client.get(url(car_t, "2027-08-07")).status_code == 302
