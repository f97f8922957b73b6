"""Password reset and change: the app's own pages, one working link, errors that name the field."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-quite-different-passphrase-42"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The reset limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def _reset_link(client, email):
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your ATMP Advisor password"
    match = re.search(r"https?://[^/\s]+(/\S*reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_pages_use_the_app_layout_not_the_admin(client):
    page = client.get(reverse("password_reset")).content.decode()
    assert "<h1>Reset your password</h1>" in page
    assert "Skip to main content" in page and "advisory" in page
    assert "Django administration" not in page


def test_a_reset_link_sets_a_new_password_once(client, alice):
    path = _reset_link(client, alice.email)
    form_page = client.get(path, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert client.login(username=alice.username, password=NEW_PASSWORD)
    client.logout()
    again = client.get(path, follow=True)
    assert b"This link no longer works" in again.content


def test_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert b"Check your e-mail" in response.content
    assert mail.outbox == []


def test_mismatched_new_passwords_are_named_in_the_error_summary(client, alice):
    path = _reset_link(client, alice.email)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-99"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_new_password2"' in page


def test_change_password_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_change_password_names_a_wrong_old_password_then_changes_it(alice_client, alice):
    page = alice_client.get(reverse("password_change")).content.decode()
    assert "<h1>Change your password</h1>" in page
    wrong = alice_client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and 'href="#id_old_password"' in wrong.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    done = alice_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert b"Your password has been changed" in done.content
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_reset_requests_are_limited_per_address_with_a_clear_message(client, alice):
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": alice.email}).status_code == 302
    refused = client.post(reverse("password_reset"), {"email": alice.email})
    assert refused.status_code == 200
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == 3
