"""The session's user comes with their memberships in one query (accounts/backends.py), and the
current membership and the organisation switcher are read from them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Organisation
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


def test_the_user_and_the_memberships_are_one_query(alice, organisation, other_organisation):
    Membership.objects.create(user=alice, organisation=other_organisation, role=Membership.Role.VIEWER)
    client = logged_in_client(alice, other_organisation)
    client.get(reverse("assessment-list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessment-list"))
    assert response.status_code == 200
    membership = response.wsgi_request.membership
    assert membership.organisation == other_organisation and membership.role == Membership.Role.VIEWER
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any('FROM "auth_user"' in s for s in sql)  # the user came with the memberships
    html = response.content.decode()
    assert "Helix Therapeutics" in html and "Other Bio" in html  # the switcher, from the same query


def test_without_a_chosen_organisation_the_personal_one_comes_first(organisation):
    user = make_user("carol")
    personal = Organisation.objects.create(name="Zed (personal)", slug="zed", personal=True)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.EDITOR)
    Membership.objects.create(user=user, organisation=personal, role=Membership.Role.OWNER)
    client = logged_in_client(user, organisation)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    response = client.get(reverse("assessment-list"))
    assert response.wsgi_request.membership.organisation == personal
    assert client.session[SESSION_KEY] == personal.pk


def test_a_user_without_memberships_and_an_inactive_user(client, organisation):
    lone = make_user("lone")
    client.force_login(lone)
    response = client.get(reverse("assessment-list"))
    assert response.status_code == 200 and response.wsgi_request.membership is None
    gone = make_user("gone")
    Membership.objects.create(user=gone, organisation=organisation, role=Membership.Role.EDITOR)
    gone_client = logged_in_client(gone, organisation)
    gone.is_active = False
    gone.save()
    response = gone_client.get(reverse("assessment-list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_role_change_counts_on_the_next_request(viewer, organisation):
    client = logged_in_client(viewer, organisation)
    assert client.get(reverse("assessment-create")).status_code == 403
    Membership.objects.filter(user=viewer).update(role=Membership.Role.EDITOR)
    assert client.get(reverse("assessment-create")).status_code == 200
