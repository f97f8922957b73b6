import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Organisation
from accounts.selectors import organisation_list
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_signup_creates_a_personal_organisation_owned_by_the_user(client):
    response = client.post(
        reverse("signup"),
        {"username": "carol", "email": "carol@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("assessment-list")
    membership = Membership.objects.get(user__username="carol")
    assert membership.role == "owner"
    assert membership.organisation.personal
    assert membership.organisation.name == "carol's workspace"


def test_signup_errors_name_the_field(client):
    response = client.post(reverse("signup"), {"username": "carol", "email": "not-an-email"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_email"' in html and "There is a problem" in html
    assert not Organisation.objects.exists()


def test_it_logs_in_and_out(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not client.session.get("_auth_user_id")


def test_it_throttles_repeated_failed_logins(client, alice, settings):
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_it_switches_to_an_organisation_the_user_belongs_to(alice_client, alice, other_organisation):
    Membership.objects.create(user=alice, organisation=other_organisation, role="editor")
    response = alice_client.post(reverse("organisation-switch"), {"organisation": other_organisation.pk, "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert alice_client.session[SESSION_KEY] == other_organisation.pk


def test_switching_to_a_foreign_organisation_is_a_404(alice_client, other_organisation, organisation):
    response = alice_client.post(reverse("organisation-switch"), {"organisation": other_organisation.pk})
    assert response.status_code == 404
    assert alice_client.session[SESSION_KEY] == organisation.pk


def test_switching_ignores_an_offsite_next(alice_client, organisation):
    response = alice_client.post(
        reverse("organisation-switch"), {"organisation": organisation.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("assessment-list")


def test_selector_scopes_organisations_to_memberships(alice, bob, organisation, other_organisation):
    assert list(organisation_list(user=alice)) == [organisation]
    assert list(organisation_list(user=bob)) == [other_organisation]


def test_selector_returns_nothing_for_anonymous(organisation):
    from django.contrib.auth.models import AnonymousUser

    assert list(organisation_list(user=AnonymousUser())) == []


@pytest.mark.parametrize(("persona", "status"), [("alice_client", 200), ("viewer_client", 403)])
def test_only_owners_see_organisation_settings(request, persona, status):
    response = request.getfixturevalue(persona).get(reverse("organisation-settings"))
    assert response.status_code == status


def test_an_owner_elsewhere_only_ever_sees_their_own_organisation(bob_client, organisation):
    response = bob_client.get(reverse("organisation-settings"))
    assert response.status_code == 200
    assert "Other Bio" in response.content.decode()
    assert organisation.name not in response.content.decode()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("organisation-settings"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_logo_that_is_not_an_image_is_refused_naming_the_field(alice_client, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = alice_client.post(reverse("organisation-settings"), {"name": "Helix", "logo": upload})
    assert response.status_code == 200
    assert 'href="#id_logo"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Helix Therapeutics"


def test_the_last_owner_cannot_be_removed(alice_client, alice, organisation):
    membership = Membership.objects.get(user=alice)
    alice_client.post(reverse("membership-remove", args=[membership.pk]))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_adds_a_member_by_username(alice_client, bob, organisation):
    response = alice_client.post(reverse("membership-add"), {"username": "bob", "role": "viewer"})
    assert response.status_code == 302
    assert Membership.objects.get(user=bob, organisation=organisation).role == "viewer"


def test_demo_setup_is_idempotent_and_prints_the_login(capsys):
    from django.core.management import call_command

    call_command("demo_setup")
    call_command("demo_setup")
    assert Membership.objects.filter(user__username="demo").count() == 2
    assert "demo / demo-atmp-2026" in capsys.readouterr().out
