import pytest
from django.urls import reverse

from assessments.services import assessment_create

from .test_pathway_scenarios import BASES

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="AAV-SMA")
    assessment.answers = {**BASES["aav"], "development_stage": "nonclinical", "evidence_level": "nonclinical"}
    assessment.save()
    return assessment


def test_the_comparison_page_shows_eu_and_us_side_by_side_with_a_roadmap(alice_client, assessment):
    html = alice_client.get(reverse("pathway-comparison", args=[assessment.pk])).content.decode()
    assert "European Union" in html and "United States" in html
    assert "PRIME (PRIority MEdicines)" in html and "Regenerative Medicine Advanced Therapy" in html
    assert "<svg" in html and "The roadmap as text" in html
    assert "Centralised marketing authorisation" in html


def test_the_result_page_expands_each_pathway_to_its_criteria(alice_client, assessment):
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert "<details class=\"pathway" in html and "US-EXP-RMAT.1" in html
    assert "Evidence still missing" in html


def test_the_comparison_page_is_a_404_for_another_organisation(bob_client, assessment):
    assert bob_client.get(reverse("pathway-comparison", args=[assessment.pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, assessment):
    response = client.get(reverse("pathway-comparison", args=[assessment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_comparison_page_shows_obligations_apart_from_options_with_their_triggers(alice_client, assessment):
    html = alice_client.get(reverse("pathway-comparison", args=[assessment.pk])).content.decode()
    options, obligations = html.index("Options: designations and routes"), html.index("Obligations and procedures")
    assert options < obligations
    duties = html[obligations:]
    assert "EU joint clinical assessment" in duties and "Trigger:" in duties
    assert "EU joint clinical assessment" not in html[options:obligations]


def test_a_hospital_exemption_goal_shows_the_national_route_and_no_industrial_roadmap(alice_client, assessment):
    assessment.answers = {
        **assessment.answers,
        "goals": ["hospital_exemption"],
        "he_member_state": "ES",
        "development_stage": "phase_1",
    }
    assessment.save()
    html = alice_client.get(reverse("pathway-comparison", args=[assessment.pk])).content.decode()
    assert "The national route of the hospital exemption" in html and "AEMPS" in html
    assert "the national route replaces an industrial roadmap" in html
    assert "PRIME (PRIority MEdicines)" not in html and "<svg" not in html.split("Roadmap", 1)[1]


def test_the_result_page_lists_obligations_apart(alice_client, assessment):
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert "Obligations to plan for" in html and "Duties, not options" in html


def test_the_result_page_says_no_central_route_serves_a_hospital_exemption_only_goal(alice_client, assessment):
    assessment.answers = {**assessment.answers, "goals": ["hospital_exemption"], "he_member_state": "ES"}
    assessment.save()
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert "The hospital exemption is your only goal" in html
    assert "PRIME (PRIority MEdicines)" not in html
