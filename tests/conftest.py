"""Shared personas, so that every URL gets its permission tests cheaply (as in healthchecks):

- ``alice``: owner of ``organisation``;
- ``bob``: owner of ``other_organisation`` and of nothing of alice's;
- ``viewer``: a viewer in ``organisation``;
- anonymous: the plain ``client`` fixture.

``alice_client``, ``bob_client`` and ``viewer_client`` are logged in with their organisation current.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Organisation

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.com", password=PASSWORD)


def logged_in_client(user, organisation) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    return client


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Helix Therapeutics", slug="helix")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Other Bio", slug="other-bio")


@pytest.fixture
def alice(organisation):
    user = make_user("alice")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def bob(other_organisation):
    user = make_user("bob")
    Membership.objects.create(user=user, organisation=other_organisation, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def viewer(organisation):
    user = make_user("victor")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.VIEWER)
    return user


@pytest.fixture
def alice_client(alice, organisation):
    return logged_in_client(alice, organisation)


@pytest.fixture
def bob_client(bob, other_organisation):
    return logged_in_client(bob, other_organisation)


@pytest.fixture
def viewer_client(viewer, organisation):
    return logged_in_client(viewer, organisation)
