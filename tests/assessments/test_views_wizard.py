import json

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import assessment_create
from tests.products import CAR_T

from .wizard_helpers import post_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, alice):
    return assessment_create(
        organisation=organisation, user=alice, product_name="CAR-T 19", indication="DLBCL"
    )


@pytest.fixture
def foreign_assessment(other_organisation, bob):
    return assessment_create(organisation=other_organisation, user=bob, product_name="Secret product")


def urls_for(assessment):
    pk = assessment.pk
    return [
        reverse("assessment-resume", args=[pk]),
        reverse("assessment-question", args=[pk, "medicinal_purpose"]),
        reverse("assessment-review", args=[pk]),
        reverse("assessment-result", args=[pk]),
        reverse("assessment-delete", args=[pk]),
        reverse("assessment-export-json", args=[pk]),
    ]


def test_creating_an_assessment_starts_the_questions(alice_client, organisation):
    response = alice_client.post(
        reverse("assessment-create"), {"product_name": "MSC-1", "indication": "GvHD"}
    )
    assessment = Assessment.objects.get()
    assert assessment.organisation == organisation
    assert response.url == reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"])


def test_the_list_shows_only_the_current_organisation(alice_client, assessment, foreign_assessment):
    html = alice_client.get(reverse("assessment-list")).content.decode()
    assert "CAR-T 19" in html and "Secret product" not in html


def test_the_list_searches_by_name(alice_client, assessment, organisation, alice):
    assessment_create(organisation=organisation, user=alice, product_name="Chondrocyte sheet")
    html = alice_client.get(reverse("assessment-list"), {"q": "chondro"}).content.decode()
    assert "Chondrocyte sheet" in html and "CAR-T 19" not in html


def test_a_question_page_has_a_fieldset_legend_hint_and_why_we_ask(alice_client, assessment):
    html = alice_client.get(
        reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"])
    ).content.decode()
    assert "<fieldset" in html and "<legend" in html and "Why we ask" in html
    assert "I don&#x27;t know" in html or "I don't know" in html
    assert "Section 1: Product and purpose" in html  # "of N" once the goals say which sections apply


def test_every_post_saves_and_moves_on(alice_client, assessment):
    response = post_answer(alice_client, assessment, "medicinal_purpose", True)
    assessment.refresh_from_db()
    assert assessment.answers == {"medicinal_purpose": True}
    assert assessment.version == 2
    assert response.url == reverse("assessment-question", args=[assessment.pk, "goals"])


def test_a_validation_error_names_the_field_and_saves_nothing(alice_client, assessment):
    response = alice_client.post(
        reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"]),
        {"version": assessment.version},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_answer_0"' in html
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_a_bad_number_keeps_what_was_typed(alice_client, assessment):
    assessment.answers = {"medicinal_purpose": True}
    assessment.save()
    response = alice_client.post(
        reverse("assessment-question", args=[assessment.pk, "eu_prevalence_per_10000"]),
        {"version": assessment.version, "answer": "about three"},
    )
    assert response.status_code == 400
    assert 'value="about three"' in response.content.decode()


def test_a_stale_save_never_overwrites_and_shows_the_current_answer(alice_client, assessment):
    shown_version = assessment.version
    post_answer(alice_client, assessment, "medicinal_purpose", True)
    response = post_answer(alice_client, assessment, "medicinal_purpose", False, version=shown_version)
    assert response.status_code == 409
    assert "Someone else changed this assessment" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers["medicinal_purpose"] is True


def test_save_and_come_back_later_returns_to_the_list_and_resumes(alice_client, assessment):
    response = post_answer(alice_client, assessment, "medicinal_purpose", True, extra={"save_and_exit": "1"})
    assert response.url == reverse("assessment-list")
    resume = alice_client.get(reverse("assessment-resume", args=[assessment.pk]))
    assert resume.url == reverse("assessment-question", args=[assessment.pk, "goals"])


def test_changing_an_answer_drops_answers_that_no_longer_apply(alice_client, assessment):
    assessment.answers = dict(CAR_T)
    assessment.save()
    response = post_answer(alice_client, assessment, "contains_cells_or_tissues", False, extra={})
    assessment.refresh_from_db()
    assert "manipulations" not in assessment.answers and "cell_origin" not in assessment.answers
    follow = alice_client.get(response.url)
    assert "no longer apply" in follow.content.decode()


def test_change_links_return_to_the_review(alice_client, assessment):
    url = reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"]) + "?return=review"
    response = alice_client.post(url, {"version": assessment.version, "answer": "true"})
    assert response.url == reverse("assessment-review", args=[assessment.pk])


def test_the_result_shows_category_trace_citations_and_flowchart(alice_client, assessment):
    assessment.answers = dict(CAR_T)
    assessment.save()
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert "Gene therapy medicinal product (GTMP)" in html
    assert "EU-CLS-6.4" in html and "Regulation (EC) No 1394/2007" in html
    assert "<svg" in html and 'role="img"' in html and "The path as text" in html
    assert "How we got here" in html and "What would change this" in html


def test_unknown_answers_link_back_from_what_would_change_this(alice_client, assessment):
    assessment.answers = {**CAR_T, "transgene_role": "unknown"}
    assessment.save()
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert reverse("assessment-question", args=[assessment.pk, "transgene_role"]) in html


def test_export_json_round_trips_through_import(alice_client, assessment):
    assessment.answers = dict(CAR_T)
    assessment.save()
    exported = alice_client.get(reverse("assessment-export-json", args=[assessment.pk]))
    assert exported["Content-Type"] == "application/json"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.json", exported.content, content_type="application/json")
    response = alice_client.post(reverse("assessment-import"), {"file": upload})
    assert response.status_code == 302
    imported = Assessment.objects.exclude(pk=assessment.pk).get()
    assert imported.answers == assessment.answers
    assert imported.advice is None  # the advice is worked out when a page needs it, not on import
    result = alice_client.get(reverse("assessment-result", args=[imported.pk]))
    assert "Gene therapy medicinal product" in result.content.decode()


def test_import_errors_name_the_field_and_save_nothing(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = json.dumps({"schema_version": "1", "answers": {"cell_origin": "martian", "colour": 1}}).encode()
    response = alice_client.post(reverse("assessment-import"), {"file": SimpleUploadedFile("b.json", bad)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "/answers/cell_origin" in html and "colour" in html
    assert not Assessment.objects.exists()


def test_duplicate_and_delete(alice_client, assessment):
    alice_client.post(reverse("assessment-duplicate", args=[assessment.pk]))
    assert Assessment.objects.filter(product_name="CAR-T 19 (copy)").exists()
    confirm = alice_client.get(reverse("assessment-delete", args=[assessment.pk]))
    assert "cannot be undone" in confirm.content.decode()
    alice_client.post(reverse("assessment-delete", args=[assessment.pk]))
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_every_url_is_a_404_for_another_organisation(bob_client, assessment):
    for url in urls_for(assessment):
        assert bob_client.get(url).status_code == 404, url


def test_every_url_sends_anonymous_users_to_login(client, assessment):
    for url in urls_for(assessment) + [reverse("assessment-list"), reverse("assessment-create")]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_viewers_read_but_cannot_write(viewer_client, assessment):
    assert viewer_client.get(reverse("assessment-review", args=[assessment.pk])).status_code == 200
    response = post_answer(viewer_client, assessment, "medicinal_purpose", True)
    assert response.status_code == 403
    assert viewer_client.post(reverse("assessment-delete", args=[assessment.pk])).status_code == 403
    assert viewer_client.post(reverse("assessment-create"), {"product_name": "x"}).status_code == 403


def test_a_step_get_and_post_run_at_most_ten_queries(alice_client, assessment, django_assert_max_num_queries):
    url = reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"])
    with django_assert_max_num_queries(10):
        alice_client.get(url)
    with django_assert_max_num_queries(10):
        post_answer(alice_client, assessment, "medicinal_purpose", True)


# ---- entry and flow (issue 12, items 4–7)

def test_save_and_come_back_later_on_an_unanswered_question_saves_the_place_and_leaves(alice_client, assessment):
    post_answer(alice_client, assessment, "medicinal_purpose", True)
    url = reverse("assessment-question", args=[assessment.pk, "goals"])
    response = alice_client.post(url, {"version": assessment.version, "save_and_exit": "1"})
    assert response.status_code == 302 and response.url == reverse("assessment-list")
    assessment.refresh_from_db()
    assert assessment.answers == {"medicinal_purpose": True} and assessment.current_question == "goals"
    assert alice_client.get(reverse("assessment-resume", args=[assessment.pk])).url == url


def test_save_and_come_back_later_with_a_bad_number_keeps_what_was_typed(alice_client, assessment):
    assessment.answers = {"medicinal_purpose": True, "goals": ["eu_marketing_authorisation"]}
    assessment.save()
    url = reverse("assessment-question", args=[assessment.pk, "eu_prevalence_per_10000"])
    response = alice_client.post(url, {"version": assessment.version, "answer": "1,234", "save_and_exit": "1"})
    assert response.status_code == 400
    assert "could mean 1234 or 1.234" in response.content.decode() and 'value="1,234"' in response.content.decode()


def test_a_review_change_that_reveals_questions_routes_through_them(alice_client, assessment):
    assessment.answers = {"medicinal_purpose": True, "goals": ["hospital_exemption"], "nucleic_acid": "none",
                          "genome_editing": False, "contains_cells_or_tissues": False,
                          "integral_medical_device": False}
    assessment.save()
    url = reverse("assessment-question", args=[assessment.pk, "contains_cells_or_tissues"]) + "?return=review"
    response = alice_client.post(url, {"version": assessment.version, "answer": "true"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("assessment-question", args=[assessment.pk, "cells_nucleated"]))
    assert "return=review" in response.url and "pending=cell_origin" in response.url
    assessment.refresh_from_db()
    response = alice_client.post(response.url, {"version": assessment.version, "answer": "true"})
    assert response.url.startswith(reverse("assessment-question", args=[assessment.pk, "cell_origin"]))


def test_confirming_with_open_questions_says_so_and_keeps_continue(alice_client, assessment):
    assessment.answers = {"medicinal_purpose": True}
    assessment.save()
    response = alice_client.post(reverse("assessment-review", args=[assessment.pk]),
                                 {"version": assessment.version}, follow=True)
    html = response.content.decode()
    assert "Confirmed with open questions" in html and "Continue with the open questions" in html
    listing = alice_client.get(reverse("assessment-list")).content.decode()
    assert f'href="{reverse("assessment-resume", args=[assessment.pk])}"' in listing


def test_product_details_are_editable_and_kept_on_a_stale_save(alice_client, assessment):
    url = reverse("assessment-details", args=[assessment.pk])
    assert "CAR-T 19" in alice_client.get(url).content.decode()
    details = {"product_name": "CAR-T 19 v2", "description": "Second process", "indication": "DLBCL",
               "sponsor": "Hospital", "version": assessment.version}
    assert alice_client.post(url, details).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.product_name, assessment.indication, assessment.sponsor) == ("CAR-T 19 v2", "DLBCL", "Hospital")
    stale = alice_client.post(url, {**details, "product_name": "Lost?", "version": assessment.version - 1})
    assert stale.status_code == 409 and 'value="Lost?"' in stale.content.decode()


def test_duplicating_asks_for_the_copys_name(alice_client, assessment):
    url = reverse("assessment-duplicate", args=[assessment.pk])
    assert 'value="CAR-T 19 (copy)"' in alice_client.get(url).content.decode()
    alice_client.post(url, {"product_name": "CAR-T 19 allogeneic"})
    assert Assessment.objects.filter(product_name="CAR-T 19 allogeneic").exists()


def test_the_review_shows_numbers_as_the_wizard_reads_them(alice_client, assessment):
    assessment.answers = {**assessment.answers, "goals": [], "eu_prevalence_per_10000": 0.5, "us_patients": 200000}
    assessment.save()
    html = alice_client.get(reverse("assessment-review", args=[assessment.pk])).content.decode()
    assert "0.5 per 10,000 people" in html and "200 000 people" in html
