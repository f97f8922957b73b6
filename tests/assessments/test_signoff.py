"""Review and sign-off: complete → in review → approved by another member with the reviewer
permission who types their password again; an approved version is locked everywhere; a new
version keeps the approved one intact."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Membership
from assessments import services, signoff
from assessments.locking import AssessmentLocked
from assessments.models import Assessment, HistoryEntry, Signature
from dossiers.models import Export
from tests.conftest import PASSWORD, logged_in_client

from .records import approved, confirmed, in_review, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(organisation):
    return member(organisation, "rita", can_review=True)


@pytest.fixture
def signed(organisation, alice, reviewer):
    return approved(organisation, alice, *reviewer)


def sign(assessment, user, membership, password=PASSWORD):
    assessment.refresh_from_db()
    return signoff.assessment_sign(assessment=assessment, user=user, membership=membership, password=password,
                                   version=assessment.version)


def test_a_reviewer_signs_with_the_meaning_name_and_time(organisation, alice, reviewer):
    user, membership = reviewer
    user.first_name, user.last_name = "Rita", "Levi"
    user.save()
    assessment = in_review(organisation, alice)
    signature = sign(assessment, user, membership)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.APPROVED
    assert signature.meaning == "Reviewed and approved for release"
    assert signature.signer_name == "Rita Levi" and signature.signer == user
    assert signature.answers_hash == assessment.answers_hash and signature.signed_at == assessment.updated_at
    assert assessment.signature_manifestation.startswith("Rita Levi: reviewed and approved for release, ")
    entry = HistoryEntry.objects.get(assessment=assessment, kind=HistoryEntry.Kind.SIGNATURE)
    assert entry.actor == user and (entry.old, entry.new) == ("in_review", "approved")


def test_the_author_cannot_sign_even_with_the_reviewer_permission(organisation, alice):
    membership = Membership.objects.get(user=alice, organisation=organisation)
    membership.can_review = True
    membership.save()
    assessment = in_review(organisation, alice)
    with pytest.raises(signoff.SignOffRefused, match="You wrote this assessment"):
        sign(assessment, alice, membership)
    assert not Signature.objects.exists()


def test_someone_who_changed_an_answer_cannot_sign(organisation, alice, reviewer):
    user, membership = reviewer
    assessment = confirmed(organisation, alice)
    services.assessment_answer(assessment=assessment, user=user, question_id="genome_editing", value=True,
                               version=assessment.version)
    assessment = services.assessment_confirm(assessment=assessment, user=alice, version=assessment.version)
    signoff.assessment_submit_for_review(assessment=assessment, user=alice, version=assessment.version)
    with pytest.raises(signoff.SignOffRefused, match="You wrote this assessment"):
        sign(assessment, user, membership)


def test_a_viewer_cannot_sign_nor_be_made_a_reviewer(organisation, alice, viewer):
    membership = Membership.objects.get(user=viewer)
    with pytest.raises(account_services.MembershipError, match="viewer"):
        account_services.membership_set_reviewer(membership=membership, can_review=True, by=alice)
    Membership.objects.filter(pk=membership.pk).update(can_review=True)  # even if the flag were set
    membership.refresh_from_db()
    assessment = in_review(organisation, alice)
    with pytest.raises(signoff.SignOffRefused, match="reviewer permission"):
        sign(assessment, viewer, membership)


def test_an_editor_without_the_permission_cannot_sign(organisation, alice):
    user, membership = member(organisation, "ed")
    with pytest.raises(signoff.SignOffRefused, match="reviewer permission"):
        sign(in_review(organisation, alice), user, membership)


def test_a_wrong_password_signs_nothing(organisation, alice, reviewer):
    assessment = in_review(organisation, alice)
    with pytest.raises(signoff.WrongPassword, match="not your password"):
        sign(assessment, *reviewer, password="wrong")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW and not Signature.objects.exists()


def test_only_an_assessment_in_review_can_be_signed(organisation, alice, reviewer):
    with pytest.raises(signoff.SignOffRefused, match="waiting for review"):
        sign(confirmed(organisation, alice), *reviewer)


def test_a_draft_cannot_be_sent_for_review(organisation, alice):
    assessment = services.assessment_create(organisation=organisation, user=alice, product_name="X")
    with pytest.raises(signoff.SignOffRefused, match="Confirm the answers"):
        signoff.assessment_submit_for_review(assessment=assessment, user=alice, version=assessment.version)


def test_changing_an_answer_in_review_sends_it_back_to_draft(organisation, alice):
    assessment = in_review(organisation, alice)
    services.assessment_answer(assessment=assessment, user=alice, question_id="genome_editing", value=True,
                               version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_owners_grant_the_reviewer_permission_on_the_settings_page(organisation, alice, alice_client):
    user, membership = member(organisation, "ed")
    response = alice_client.post(reverse("membership-reviewer", args=[membership.pk]), {"can_review": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.can_review
    page = alice_client.get(reverse("organisation-settings")).content.decode()
    assert f'id="reviewer-{membership.pk}" checked' in page
    alice_client.post(reverse("membership-reviewer", args=[membership.pk]), {})
    membership.refresh_from_db()
    assert not membership.can_review


def test_an_editor_cannot_grant_the_reviewer_permission(organisation):
    user, membership = member(organisation, "ed")
    response = logged_in_client(user, organisation).post(reverse("membership-reviewer", args=[membership.pk]),
                                                         {"can_review": "on"})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert not membership.can_review


# The lock ---------------------------------------------------------------------------------------

SERVICE_WRITES = {
    "answer": lambda a, u: services.assessment_answer(assessment=a, user=u, question_id="genome_editing",
                                                      value=True, version=a.version),
    "answers": lambda a, u: services.assessment_answers_update(assessment=a, user=u,
                                                               answers={"genome_editing": True}, version=a.version),
    "details": lambda a, u: services.assessment_update_details(assessment=a, user=u, version=a.version,
                                                               product_name="Renamed"),
    "confirm": lambda a, u: services.assessment_confirm(assessment=a, user=u, version=a.version),
    "delete": lambda a, u: services.assessment_delete(assessment=a),
    "save place": lambda a, u: services.assessment_save_place(assessment=a, question_id="genome_editing"),
}


@pytest.mark.parametrize("write", sorted(SERVICE_WRITES))
def test_every_write_service_refuses_an_approved_assessment(write, signed, alice):
    before = Assessment.objects.values().get(pk=signed.pk)
    with pytest.raises(AssessmentLocked, match="approved and is locked"):
        SERVICE_WRITES[write](signed, alice)
    assert Assessment.objects.values().get(pk=signed.pk) == before


def test_a_stale_copy_read_before_approval_cannot_write_either(organisation, alice, reviewer):
    assessment = in_review(organisation, alice)
    stale = Assessment.objects.get(pk=assessment.pk)
    sign(assessment, *reviewer)
    stale.status = Assessment.Status.IN_REVIEW  # what the stale copy believes
    stale.version += 1  # and even with the right version number
    with pytest.raises(AssessmentLocked):
        services.assessment_answer(assessment=stale, user=alice, question_id="genome_editing", value=True,
                                   version=stale.version)
    with pytest.raises(AssessmentLocked):
        services.assessment_answer(assessment=Assessment.objects.get(pk=assessment.pk), user=alice,
                                   question_id="genome_editing", value=True, version=stale.version)


def test_refreshing_the_advice_keeps_the_signed_advice(signed, monkeypatch):
    advice = signed.advice
    monkeypatch.setattr("assessments.services.RULESET_VERSION", "2099.1.1")
    monkeypatch.setattr("classification.rules.engine.RULESET_VERSION", "2099.1.1")
    refreshed = services.assessment_refresh_advice(assessment=Assessment.objects.get(pk=signed.pk))
    assert refreshed.advice == advice
    assert Assessment.objects.get(pk=signed.pk).advice["ruleset"]["version"] == advice["ruleset"]["version"]


def _web_writes(assessment):
    pk = assessment.pk
    return {
        "answer": (reverse("assessment-question", args=[pk, "genome_editing"]), {"version": assessment.version,
                                                                              "answer": "true"}),
        "details": (reverse("assessment-details", args=[pk]), {"version": assessment.version,
                                                               "product_name": "Renamed"}),
        "confirm": (reverse("assessment-review", args=[pk]), {"version": assessment.version}),
        "delete": (reverse("assessment-delete", args=[pk]), {}),
    }


@pytest.mark.parametrize("write", ["answer", "details", "confirm", "delete"])
def test_no_web_view_changes_an_approved_assessment(write, signed, alice_client):
    before = Assessment.objects.values().get(pk=signed.pk)
    url, data = _web_writes(signed)[write]
    response = alice_client.post(url, data)
    assert response.status_code in (403, 409), response.content.decode()[:500]
    if response.status_code == 409:
        assert "approved and is locked" in response.content.decode()
    assert Assessment.objects.values().get(pk=signed.pk) == before


def test_the_approved_review_page_offers_no_change_links(signed, alice_client):
    page = alice_client.get(reverse("assessment-review", args=[signed.pk])).content.decode()
    assert "?return=review" not in page and "approved and locked" in page


@pytest.fixture
def api_editor(organisation):
    _, token = account_services.api_key_create(organisation=organisation, name="script", role="editor", by=None)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.parametrize("method,suffix,body", [
    ("patch", "/answers", {"answers": {"genome_editing": True}}),
    ("post", "/confirm", {}),
    ("delete", "", None),
])
def test_no_api_call_changes_an_approved_assessment(method, suffix, body, signed, api_editor):
    before = Assessment.objects.values().get(pk=signed.pk)
    if body is not None and "answers" in body or suffix == "/confirm":
        body = {**(body or {}), "version": signed.version}
    url = f"/api/v1/assessments/{signed.pk}{suffix}"
    response = getattr(api_editor, method)(url, data=body, content_type="application/json")
    assert response.status_code in (403, 409), response.content.decode()[:500]
    assert "approved and is locked" in response.json()["detail"]
    assert Assessment.objects.values().get(pk=signed.pk) == before


# New versions -------------------------------------------------------------------------------------

def test_a_new_version_keeps_the_approved_one_its_advice_and_its_memo(signed, alice, alice_client):
    export = Export.objects.create(assessment=signed, organisation_id=signed.organisation_id, kind="memo",
                                   format="pdf", document=signed.answers_document(), advice=signed.advice,
                                   ruleset_version=signed.ruleset_version, answers_hash=signed.answers_hash)
    before = Assessment.objects.values().get(pk=signed.pk)
    response = alice_client.post(reverse("assessment-new-version", args=[signed.pk]))
    successor = Assessment.objects.get(supersedes=signed)
    assert response.status_code == 302 and response.url == reverse("assessment-review", args=[successor.pk])
    assert (successor.revision, successor.status, successor.answers) == (2, "draft", signed.answers)
    after = Assessment.objects.values().get(pk=signed.pk)
    assert after == before
    assert Export.objects.get(pk=export.pk).assessment_id == signed.pk
    assert Signature.objects.get(assessment=signed)
    services.assessment_answer(assessment=successor, user=alice, question_id="genome_editing", value=True,
                               version=successor.version)
    assert Assessment.objects.values().get(pk=signed.pk) == before
    # Asking again gives the version already started, not a third one.
    assert signoff.assessment_new_version(assessment=signed, user=alice) == successor


def test_only_an_approved_assessment_gets_a_new_version(organisation, alice):
    with pytest.raises(signoff.SignOffRefused, match="can still be changed"):
        signoff.assessment_new_version(assessment=confirmed(organisation, alice), user=alice)


def test_the_list_shows_status_and_version(signed, alice, alice_client):
    signoff.assessment_new_version(assessment=signed, user=alice)
    page = alice_client.get(reverse("assessment-list")).content.decode()
    assert page.count('data-label="Version">2') == 1 and page.count('data-label="Version">1') == 1
    assert "Approved" in page and "Draft" in page


# Pages ---------------------------------------------------------------------------------------------

def test_the_sign_off_pages_walk_from_review_to_approval(organisation, alice, alice_client, reviewer):
    assessment = confirmed(organisation, alice)
    response = alice_client.post(reverse("assessment-submit-review", args=[assessment.pk]),
                                 {"version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "in_review"
    user, membership = reviewer
    client = logged_in_client(user, organisation)
    page = client.get(reverse("assessment-signoff", args=[assessment.pk])).content.decode()
    assert "reviewed the assessment and approve it for release" in page
    wrong = client.post(reverse("assessment-sign", args=[assessment.pk]),
                        {"version": assessment.version, "password": "nope"})
    assert wrong.status_code == 400 and "Password: this is not your password" in wrong.content.decode()
    right = client.post(reverse("assessment-sign", args=[assessment.pk]),
                        {"version": assessment.version, "password": PASSWORD})
    assert right.status_code == 302
    page = client.get(reverse("assessment-signoff", args=[assessment.pk])).content.decode()
    assert "Reviewed and approved for release" in page and "Signed by <strong>rita</strong>" in page


def test_the_author_is_refused_on_the_sign_page(organisation, alice, alice_client):
    Membership.objects.filter(user=alice).update(can_review=True)
    assessment = in_review(organisation, alice)
    response = alice_client.post(reverse("assessment-sign", args=[assessment.pk]),
                                 {"version": assessment.version, "password": PASSWORD})
    assert response.status_code == 403 and "another member has to review" in response.content.decode()


def test_another_organisation_cannot_see_or_sign(signed, bob_client):
    assert bob_client.get(reverse("assessment-signoff", args=[signed.pk])).status_code == 404
    assert bob_client.post(reverse("assessment-sign", args=[signed.pk]), {"version": 1, "password": "x"}).status_code == 404


def test_the_memo_names_the_signer(signed):
    from dossiers.services import export_people

    export = Export.objects.create(assessment=signed, organisation_id=signed.organisation_id, kind="memo",
                                   format="pdf", document=signed.answers_document(), advice=signed.advice,
                                   ruleset_version=signed.ruleset_version, answers_hash=signed.answers_hash)
    people = export_people(export)
    assert people.reviewer.startswith("rita: reviewed and approved for release, ")
    assert people.version == 1


def test_signatures_are_read_only_in_the_admin_and_the_model(signed):
    signature = Signature.objects.get(assessment=signed)
    with pytest.raises(ValueError):
        signature.save()
    with pytest.raises(ValueError):
        signature.delete()
    admin = site._registry[Signature]
    assert not admin.has_change_permission(None) and not admin.has_delete_permission(None)
