"""The password typed to sign is throttled per user with the log-in (accounts.throttle): after too
many wrong passwords signing is refused for a while, even with the right one, with words saying
so; a password reset lifts it. A refused signature is logged as a security event and changes
nothing: no signature, no history entry (the history records changes)."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.throttle import login_throttle_clear
from assessments import signoff
from assessments.models import Assessment, HistoryEntry, Signature
from tests.conftest import PASSWORD, logged_in_client

from .records import in_review, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_WINDOW_SECONDS = 600
    cache.clear()  # the throttle counts in the cache
    yield
    cache.clear()


@pytest.fixture
def reviewer(organisation):
    return member(organisation, "rita", can_review=True)


@pytest.fixture
def waiting(organisation, alice):
    return in_review(organisation, alice)


def sign(assessment, user, membership, password=PASSWORD):
    assessment.refresh_from_db()
    return signoff.assessment_sign(
        assessment=assessment, user=user, membership=membership, password=password, version=assessment.version
    )


def fail(times, assessment, reviewer, password="wrong"):
    for _ in range(times):
        with pytest.raises(signoff.WrongPassword):
            sign(assessment, *reviewer, password=password)


def test_too_many_wrong_passwords_refuse_even_the_right_one(waiting, reviewer):
    fail(3, waiting, reviewer)
    with pytest.raises(
        signoff.TooManyPasswordAttempts, match="too many wrong passwords.*Wait up to 10 minutes"
    ):
        sign(waiting, *reviewer)
    waiting.refresh_from_db()
    assert waiting.status == Assessment.Status.IN_REVIEW and not Signature.objects.exists()


def test_the_password_is_not_even_checked_once_refused(waiting, reviewer, monkeypatch):
    fail(3, waiting, reviewer)
    user, membership = reviewer
    checked = []
    monkeypatch.setattr(type(user), "check_password", lambda self, raw: checked.append(raw) or True)
    with pytest.raises(signoff.TooManyPasswordAttempts):
        sign(waiting, user, membership)
    assert checked == []


def test_a_right_password_within_the_limit_signs_and_only_failures_count(
    waiting, reviewer, organisation, alice
):
    fail(2, waiting, reviewer)
    sign(waiting, *reviewer)  # the third attempt, the right password: signed, and the attempt given back
    assert Assessment.objects.get(pk=waiting.pk).status == Assessment.Status.APPROVED
    other = in_review(organisation, alice, name="Second")
    fail(1, other, reviewer)  # the third failure: still checked (and wrong)
    with pytest.raises(signoff.TooManyPasswordAttempts):
        sign(other, *reviewer)


def test_the_limit_is_per_user(waiting, reviewer, organisation):
    fail(3, waiting, reviewer)
    second = member(organisation, "sam", can_review=True)
    sign(waiting, *second)
    assert Signature.objects.get().signer == second[0]


def test_failed_logins_count_too_and_a_password_reset_lifts_the_limit(waiting, reviewer, client):
    for _ in range(3):
        client.post(reverse("login"), {"username": "rita", "password": "wrong"})
    with pytest.raises(signoff.TooManyPasswordAttempts):
        sign(waiting, *reviewer)
    login_throttle_clear(username="rita")  # what a password reset does
    sign(waiting, *reviewer)
    assert Assessment.objects.get(pk=waiting.pk).status == Assessment.Status.APPROVED


def test_wrong_passwords_at_signing_also_stop_the_log_in(waiting, reviewer, client):
    fail(3, waiting, reviewer)
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert "Too many failed attempts" in response.content.decode()


def test_a_refused_signature_is_logged_and_leaves_no_history_entry(waiting, reviewer, caplog):
    before = HistoryEntry.objects.filter(assessment=waiting).count()
    user, _ = reviewer
    with caplog.at_level(logging.WARNING, logger="atmp_advisor.security"):
        fail(3, waiting, reviewer, password="typed-secret")
        with pytest.raises(signoff.TooManyPasswordAttempts):
            sign(waiting, *reviewer)
    records = [record.getMessage() for record in caplog.records if record.name == "atmp_advisor.security"]
    assert records == 3 * [f"signature refused, wrong password: user {user.pk}, assessment {waiting.pk}"] + [
        f"signature refused, too many wrong passwords: user {user.pk}, assessment {waiting.pk}"
    ]
    assert not any("typed-secret" in record or PASSWORD in record for record in records)
    assert HistoryEntry.objects.filter(assessment=waiting).count() == before


def test_the_sign_page_says_to_wait(waiting, reviewer, organisation):
    browser = logged_in_client(reviewer[0], organisation)
    url = reverse("assessment-sign", args=[waiting.pk])
    for _ in range(3):
        assert browser.post(url, {"version": waiting.version, "password": "nope"}).status_code == 400
    refused = browser.post(url, {"version": waiting.version, "password": PASSWORD})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "too many wrong passwords for your account" in page and "Nothing was signed" in page
    assert Assessment.objects.get(pk=waiting.pk).status == Assessment.Status.IN_REVIEW
