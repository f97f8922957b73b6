"""API keys: created by an owner on the organisation's settings page or by ``manage.py api_key``,
shown once, stored hashed, revocable, with a last-used time written at most once a minute."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import services
from accounts.models import ApiKey
from accounts.selectors import api_key_authenticate

from .conftest import Api


def test_a_key_is_stored_only_as_its_hash(organisation):
    key, token = services.api_key_create(organisation=organisation, name="Notebook", role="viewer", by=None)
    assert token.startswith(f"atmp_{key.prefix}_") and len(token) > 50
    stored = ApiKey.objects.values().get(pk=key.pk)
    assert token not in str(stored)
    assert stored["secret_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert api_key_authenticate(token=token) == key
    assert api_key_authenticate(token=token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert api_key_authenticate(token=f"atmp_{key.prefix}_") is None


def test_only_an_owner_creates_or_revokes_a_key(organisation, alice, viewer):
    with pytest.raises(services.PermissionDenied):
        services.api_key_create(organisation=organisation, name="Mine", role="editor", by=viewer)
    key, _ = services.api_key_create(organisation=organisation, name="Mine", role="editor", by=alice)
    with pytest.raises(services.PermissionDenied):
        services.api_key_revoke(key=key, by=viewer)
    assert services.api_key_revoke(key=key, by=alice).revoked_at is not None
    with pytest.raises(services.ApiKeyError):
        services.api_key_create(organisation=organisation, name="x", role="owner", by=alice)
    with pytest.raises(services.ApiKeyError):
        services.api_key_create(organisation=organisation, name="  ", role="viewer", by=alice)


def test_the_last_used_time_is_written_at_most_once_a_minute(editor_key):
    call = Api(token=editor_key)
    assert ApiKey.objects.get().last_used_at is None
    call("GET", "/api/v1/questions")
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        call("GET", "/api/v1/questions")
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")], "no write within the minute"
    assert ApiKey.objects.get().last_used_at == first
    ApiKey.objects.update(last_used_at=timezone.now() - timedelta(seconds=61))
    call("GET", "/api/v1/questions")
    assert ApiKey.objects.get().last_used_at > first


def test_the_command_creates_lists_and_revokes_keys(organisation):
    out, err = StringIO(), StringIO()
    call_command("api_key", "create", "--organisation", "helix", "--role", "editor", "--name", "CI", stdout=out,
                 stderr=err)
    token = out.getvalue().strip()
    assert token.startswith("atmp_") and "shown only now" in err.getvalue()
    assert Api(token=token)("GET", "/api/v1/assessments").status_code == 200
    key = ApiKey.objects.get()
    listing = StringIO()
    call_command("api_key", "list", "--organisation", "helix", stdout=listing)
    assert key.prefix in listing.getvalue() and "CI" in listing.getvalue() and token not in listing.getvalue()
    call_command("api_key", "revoke", "--organisation", "helix", key.prefix, stdout=StringIO())
    assert Api(token=token)("GET", "/api/v1/assessments").status_code == 401
    with pytest.raises(CommandError, match="no organisation has the slug"):
        call_command("api_key", "create", "--organisation", "nope", "--role", "viewer")
    with pytest.raises(CommandError, match="no key with the prefix"):
        call_command("api_key", "revoke", "--organisation", "helix", "0000")


def test_an_owner_creates_a_key_on_the_settings_page_and_sees_it_once(alice_client, organisation):
    response = alice_client.post("/accounts/organisation/api-keys/", {"api_key-name": "Portfolio", "api_key-role": "editor"})
    assert response.status_code == 200
    key = ApiKey.objects.get()
    token = response.context["new_token"]
    assert token.startswith(f"atmp_{key.prefix}_") and token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert Api(token=token)("GET", "/api/v1/assessments").status_code == 200
    again = alice_client.get("/accounts/organisation/")
    page = again.content.decode()
    assert token not in page and f"atmp_{key.prefix}" in page and "Portfolio" in page


def test_an_owner_revokes_a_key_on_the_settings_page(alice_client, organisation, editor_key):
    key = ApiKey.objects.get()
    response = alice_client.post(f"/accounts/organisation/api-keys/{key.pk}/revoke/")
    assert response.status_code == 302
    assert Api(token=editor_key)("GET", "/api/v1/assessments").status_code == 401
    assert "Revoked" in alice_client.get("/accounts/organisation/").content.decode()


def test_the_settings_page_names_a_bad_key_field(alice_client):
    response = alice_client.post("/accounts/organisation/api-keys/", {"api_key-name": "", "api_key-role": "owner"})
    assert response.status_code == 400 and not ApiKey.objects.exists()
    errors = response.context["key_form"].errors
    assert set(errors) == {"name", "role"}


def test_viewers_and_other_organisations_cannot_manage_keys(viewer_client, bob_client, editor_key):
    key = ApiKey.objects.get()
    assert viewer_client.post("/accounts/organisation/api-keys/", {"api_key-name": "x", "api_key-role": "viewer"}).status_code == 403
    assert viewer_client.post(f"/accounts/organisation/api-keys/{key.pk}/revoke/").status_code == 403
    assert bob_client.post(f"/accounts/organisation/api-keys/{key.pk}/revoke/").status_code == 404
    assert ApiKey.objects.get().revoked_at is None and ApiKey.objects.count() == 1
    assert bob_client.get("/accounts/organisation/").content.decode().count(key.prefix) == 0


def test_the_admin_lists_keys_without_their_hash_and_cannot_create_one(client, editor_key, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-the-admin-test")
    client.force_login(admin)
    key = ApiKey.objects.get()
    listing = client.get("/admin/accounts/apikey/")
    assert listing.status_code == 200 and key.prefix in listing.content.decode()
    change = client.get(f"/admin/accounts/apikey/{key.pk}/change/").content.decode()
    assert key.secret_hash not in change and editor_key not in change
    assert client.get("/admin/accounts/apikey/add/").status_code == 403


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=120), role=st.text(max_size=12))
def test_the_key_form_refuses_any_bad_input_without_a_server_error(alice_client, name, role):
    before = ApiKey.objects.count()
    response = alice_client.post("/accounts/organisation/api-keys/", {"api_key-name": name, "api_key-role": role})
    assert response.status_code in {200, 400}
    created = ApiKey.objects.count() - before
    stripped = name.strip()  # as the form reads it
    valid = role in {"editor", "viewer"} and stripped and "\x00" not in name and len(stripped) <= 100
    assert created == (1 if valid and response.status_code == 200 else 0)
    assert response.status_code == (200 if created else 400)
