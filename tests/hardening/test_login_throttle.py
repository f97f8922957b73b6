"""Finding 5: log-in throttling protects users instead of locking them out.

Counted per username and per client address (behind the proxy, the last hop of X-Forwarded-For),
before the password is checked and atomically; a success gives back its own attempt and never
clears anyone's failures; a password reset lifts the limit on the owner's username."""

import re
import threading
import time

import pytest
from django.contrib.auth import forms as auth_forms
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import throttle
from accounts.forms import ThrottledAuthenticationForm
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-quite-different-passphrase-42"


def log_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302


def throttled(response) -> bool:
    return response.status_code == 200 and "Too many failed attempts" in response.content.decode()


def test_failures_for_one_username_refuse_it_before_the_password_is_checked(client, alice, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(3):
        assert not logged_in(log_in(client, "alice", "wrong"))
    assert throttled(log_in(client, "alice", PASSWORD))
    assert throttled(log_in(Client(REMOTE_ADDR="203.0.113.9"), "ALICE", PASSWORD))  # any address, any case


def test_a_password_reset_lets_the_locked_out_owner_in_at_once(client, alice, settings):
    """Anyone can make five wrong guesses at alice's username; alice resets and logs in."""
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        log_in(stranger, "alice", "guess")
    assert throttled(log_in(client, "alice", PASSWORD))
    response = client.post(reverse("password_reset"), {"email": alice.email})
    assert response.status_code == 302  # the reset is not throttled by the log-in counter
    path = re.search(r"https?://[^/\s]+(/\S*reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert logged_in(log_in(client, "alice", NEW_PASSWORD))


def test_the_throttle_message_points_to_a_password_reset(client, alice, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 1
    log_in(client, "alice", "wrong")
    assert "reset your password" in log_in(client, "alice", PASSWORD).content.decode()


def test_a_successful_log_in_does_not_clear_the_addresss_failures(client, alice, settings):
    """One address guessing at many names, with a valid log-in of its own account every fourth try."""
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 10
    make_user("mallory")
    results = []
    for number in range(20):
        if number % 4 == 3:
            results.append(("own", logged_in(log_in(client, "mallory", PASSWORD))))
            client.post(reverse("logout"))
        else:
            results.append(("guess", throttled(log_in(client, f"user{number}", "guess"))))
    guesses = [refused for kind, refused in results if kind == "guess"]
    assert guesses.count(False) == 10  # ten failures evaluated, then every further guess refused
    assert all(guesses[10:])


def test_a_successful_log_in_gives_back_its_own_attempt(client, alice, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    for _ in range(5):
        assert logged_in(log_in(Client(), "alice", PASSWORD))
    log_in(client, "alice", "wrong")
    assert logged_in(log_in(client, "alice", PASSWORD))


def test_behind_the_proxy_clients_are_counted_by_the_last_forwarded_hop(alice, settings):
    settings.BEHIND_PROXY = True
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 3
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy)
    for number in range(3):  # whatever the attacker writes first, the proxy appends the real address
        log_in(attacker, f"user{number}", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.66")
    assert throttled(log_in(attacker, "user9", "guess", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.66"))
    colleague = Client(**proxy)  # the same proxy, another client
    assert logged_in(log_in(colleague, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20"))


def test_without_the_proxy_setting_forwarded_headers_are_ignored(alice, settings):
    settings.BEHIND_PROXY = False
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 3
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for number in range(3):
        log_in(attacker, f"user{number}", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert throttled(log_in(attacker, "user9", "guess", HTTP_X_FORWARDED_FOR="192.0.2.99"))


@pytest.mark.parametrize(("meta", "expected"), [
    ({"REMOTE_ADDR": "203.0.113.5"}, "203.0.113.5"),
    ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
    ({"REMOTE_ADDR": "::ffff:203.0.113.5"}, "203.0.113.5"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5"}, "203.0.113.5"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": ""}, "10.0.0.2"),
    ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "junk\x00"}, "junk\x00"),
])
def test_the_client_address_behind_the_proxy(settings, meta, expected):
    settings.BEHIND_PROXY = True
    assert throttle.client_address(RequestFactory().get("/", **meta)) == expected


def test_thirty_simultaneous_guesses_get_five_evaluations(alice, settings, monkeypatch):
    """Counted before the password is checked and atomically: the limit holds under concurrency."""
    settings.LOGIN_THROTTLE_ATTEMPTS = 5
    checked = []

    def slow_authenticate(request, **credentials):
        checked.append(credentials["username"])
        time.sleep(0.05)  # a password hash takes time: every guess is in flight at once
        return None

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)
    barrier = threading.Barrier(30)
    request = RequestFactory().post(reverse("login"), REMOTE_ADDR="203.0.113.66")

    def guess(number):
        form = ThrottledAuthenticationForm(request, data={"username": "alice", "password": f"guess{number}"})
        barrier.wait(timeout=10)
        form.is_valid()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(checked) == 5


def test_usernames_of_any_text_make_valid_cache_keys(client, settings):
    for username in ["a" * 150, "sp ace", "\u00e9\u00e8", "\U0001f600", "x\ty"]:
        assert log_in(client, username, "guess").status_code == 200
