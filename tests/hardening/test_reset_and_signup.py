"""Finding 6: the password-reset e-mail leaves the request (a task), so known and unknown addresses
take the same work; sign-up is throttled and never says that a username exists."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import tasks
from accounts.models import Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Records the reset tasks the request queues instead of running them."""
    calls = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: calls.append(args))
    return calls


def test_the_request_queues_the_same_task_for_known_and_unknown_addresses(client, alice, queued,
                                                                        django_assert_num_queries):
    with django_assert_num_queries(0):  # no look-up in the request: the worker does it
        known = client.post(reverse("password_reset"), {"email": alice.email})
    with django_assert_num_queries(0):
        unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302 and known.url == unknown.url
    assert queued == [(alice.email, "testserver", False), ("nobody@example.com", "testserver", False)]
    assert mail.outbox == []


def test_the_task_sends_the_link_to_a_known_address_only(alice):
    tasks.send_password_reset.apply(args=("nobody@example.com", "advisor.example.com", True))
    assert mail.outbox == []
    tasks.send_password_reset.apply(args=(alice.email, "advisor.example.com", True))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [alice.email]
    assert "https://advisor.example.com/accounts/reset/" in mail.outbox[0].body


def test_with_no_broker_the_task_runs_in_process(client, alice, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    client.post(reverse("password_reset"), {"email": alice.email})
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_is_logged_not_a_server_error(client, alice, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    response = client.post(reverse("password_reset"), {"email": alice.email})
    assert response.status_code == 302
    assert "Failed to send password reset email" in caplog.text and alice.email not in caplog.text


def test_a_taken_username_gets_the_neutral_message(client, alice):
    response = client.post(reverse("signup"), {"username": "Alice", "email": "a2@example.com",
                                               "password1": PASSWORD, "password2": PASSWORD})
    html = response.content.decode()
    assert "Choose a different username." in html
    assert "exists" not in html and "taken" not in html
    assert not Membership.objects.filter(user__email="a2@example.com").exists()


def test_sign_up_is_throttled_per_address_without_validating(client, alice):
    for number in range(10):
        client.post(reverse("signup"), {"username": f"probe{number}", "email": "not-an-email"})
    response = client.post(reverse("signup"), {"username": "alice", "email": "a@example.com",
                                               "password1": PASSWORD, "password2": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429 and "Too many sign-up attempts" in html
    assert "Choose a different username." not in html  # a throttled client learns nothing


def test_a_username_taken_between_check_and_insert_gets_the_neutral_message(client, monkeypatch):
    from accounts import services
    from accounts.forms import SignupForm

    monkeypatch.setattr(SignupForm, "clean_username", lambda self: self.cleaned_data["username"])
    monkeypatch.setattr(services, "organisation_create", lambda **kw: (_ for _ in ()).throw(
        __import__("django.db").db.IntegrityError("duplicate key")))
    response = client.post(reverse("signup"), {"username": "carol", "email": "c@example.com",
                                               "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200 and "Choose a different username." in response.content.decode()
