"""Findings 1 and 2: an organisation never loses its last owner, through any form, at any timing.

Every membership write goes through accounts.services, which locks the organisation row and
checks the owner rule in one place; the concurrency tests run two real database connections at once
against PostgreSQL."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from accounts import services
from accounts.models import Membership
from tests.conftest import logged_in_client, make_user

from .conftest import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga(organisation):
    """A second owner of alice's organisation."""
    user = make_user("olga")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.OWNER)
    return user


def owners(organisation) -> list[str]:
    return sorted(
        Membership.objects.filter(organisation=organisation, role="owner").values_list("user__username", flat=True)
    )


# ---- finding 1: the add-member form cannot change anyone's role


def test_the_only_owner_cannot_demote_themselves_through_the_add_member_form(alice_client, alice, organisation):
    response = alice_client.post(reverse("membership-add"), {"username": "alice", "role": "viewer"})
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert owners(organisation) == ["alice"]
    assert alice_client.get(reverse("organisation-settings")).status_code == 200


def test_an_owner_cannot_demote_a_co_owner_through_the_add_member_form(alice_client, olga, organisation):
    response = alice_client.post(reverse("membership-add"), {"username": "olga", "role": "editor"})
    assert response.status_code == 400
    assert 'href="#id_username"' in response.content.decode()
    assert owners(organisation) == ["alice", "olga"]


def test_the_add_member_form_still_adds_a_new_member(alice_client, bob, organisation):
    response = alice_client.post(reverse("membership-add"), {"username": "bob", "role": "editor"})
    assert response.status_code == 302
    assert Membership.objects.get(user=bob, organisation=organisation).role == "editor"


# ---- the role-change form: the owner rule in one place


def test_the_only_owner_cannot_demote_themselves_through_the_role_form(alice_client, alice, organisation):
    membership = Membership.objects.get(user=alice, organisation=organisation)
    response = alice_client.post(reverse("membership-role", args=[membership.pk]), {"role": "editor"}, follow=True)
    assert "keeps at least one owner" in response.content.decode()
    assert owners(organisation) == ["alice"]


def test_an_owner_changes_a_members_role(alice_client, viewer, organisation):
    membership = Membership.objects.get(user=viewer, organisation=organisation)
    response = alice_client.post(reverse("membership-role", args=[membership.pk]), {"role": "editor"}, follow=True)
    assert "victor is now an editor" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == "editor"


def test_an_owner_may_step_down_while_another_owner_remains(alice_client, alice, olga, organisation):
    membership = Membership.objects.get(user=alice, organisation=organisation)
    response = alice_client.post(reverse("membership-role", args=[membership.pk]), {"role": "viewer"})
    assert response.status_code == 302 and response.url == reverse("assessment-list")
    assert owners(organisation) == ["olga"]


def test_a_role_that_is_not_offered_is_refused(alice_client, viewer, organisation):
    membership = Membership.objects.get(user=viewer, organisation=organisation)
    response = alice_client.post(reverse("membership-role", args=[membership.pk]), {"role": "god"}, follow=True)
    assert "Role: choose one of the roles offered" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == "viewer"


def test_the_role_and_remove_forms_are_for_owners_of_that_organisation_only(viewer_client, bob_client, alice,
                                                                            organisation):
    membership = Membership.objects.get(user=alice, organisation=organisation)
    for url in (reverse("membership-role", args=[membership.pk]), reverse("membership-remove", args=[membership.pk])):
        assert viewer_client.post(url, {"role": "viewer"}).status_code == 403
        assert bob_client.post(url, {"role": "viewer"}).status_code == 404
    assert owners(organisation) == ["alice"]


def test_the_members_table_offers_a_role_form_per_member(alice_client, viewer):
    html = alice_client.get(reverse("organisation-settings")).content.decode()
    assert html.count('name="role"') == 3  # alice, victor and the add-member form
    assert "Role of victor" in html


def test_an_owner_demoted_a_moment_ago_can_no_longer_change_members(alice, olga, viewer, organisation):
    """The view checked the role when the request started; the service checks it again under the lock."""
    from django.core.exceptions import PermissionDenied

    Membership.objects.filter(user=alice, organisation=organisation).update(role="editor")
    target = Membership.objects.get(user=olga, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=target, by=alice)
    with pytest.raises(PermissionDenied):
        services.membership_change_role(membership=target, role="viewer", by=alice)
    assert owners(organisation) == ["olga"]


def test_the_last_owner_cannot_be_removed_by_the_service(alice, organisation):
    membership = Membership.objects.get(user=alice, organisation=organisation)
    with pytest.raises(services.LastOwnerError):
        services.membership_remove(membership=membership, by=alice)
    with pytest.raises(services.LastOwnerError):
        services.membership_change_role(membership=membership, role="viewer", by=None)


# ---- finding 2: two owners acting on each other at the same moment (PostgreSQL)


def _at_once(*calls):
    """Runs the calls in threads released together, each on its own database connection;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a membership change never finished (deadlock?)"
    return results


@pytest.fixture
def slow_owner_check(monkeypatch):
    """Widens the window between counting the owners and writing the change, so that a change
    that does not hold the organisation's lock while it counts loses the race every time."""
    count = services._owner_count

    def slow(organisation):
        result = count(organisation)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(services, "_owner_count", slow)


def _two_owners(organisation_name: str):
    from accounts.models import Organisation

    organisation = Organisation.objects.create(name=organisation_name, slug=organisation_name.lower())
    first, second = make_user(f"{organisation_name}-a"), make_user(f"{organisation_name}-b")
    memberships = [Membership.objects.create(user=u, organisation=organisation, role="owner") for u in (first, second)]
    return organisation, (first, second), memberships


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(3))
def test_two_owners_removing_each_other_at_once_leave_one_owner(slow_owner_check, trial):
    require_postgresql()
    organisation, (first, second), (m_first, m_second) = _two_owners(f"Remove{trial}")
    results = _at_once(
        lambda: services.membership_remove(membership=m_second, by=first),
        lambda: services.membership_remove(membership=m_first, by=second),
    )
    assert len(owners(organisation)) == 1, results
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results  # the second to get the lock is no longer an owner


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(3))
def test_two_owners_demoting_each_other_at_once_leave_one_owner(slow_owner_check, trial):
    require_postgresql()
    organisation, (first, second), (m_first, m_second) = _two_owners(f"Demote{trial}")
    results = _at_once(
        lambda: services.membership_change_role(membership=m_second, role="viewer", by=first),
        lambda: services.membership_change_role(membership=m_first, role="viewer", by=second),
    )
    assert len(owners(organisation)) == 1, results


@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_themselves_at_once_leave_one_owner(slow_owner_check):
    """No one acts on anyone else: only the lock on the organisation row orders the two."""
    require_postgresql()
    organisation, (first, second), (m_first, m_second) = _two_owners("Themselves")
    results = _at_once(
        lambda: services.membership_change_role(membership=m_first, role="editor", by=first),
        lambda: services.membership_change_role(membership=m_second, role="editor", by=second),
    )
    assert len(owners(organisation)) == 1, results
    assert sum(isinstance(r, services.LastOwnerError) for r in results) == 1, results


def test_the_owner_pages_work_for_the_remaining_owner_after_a_race(organisation, alice, olga):
    """What finding 1 broke: with an owner left, the settings page answers 200 to them."""
    services.membership_change_role(
        membership=Membership.objects.get(user=olga, organisation=organisation), role="viewer", by=alice
    )
    assert logged_in_client(alice, organisation).get(reverse("organisation-settings")).status_code == 200


def test_the_role_form_needs_its_csrf_token(alice, viewer, organisation):
    from django.test import Client

    from accounts.middleware import SESSION_KEY

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    membership = Membership.objects.get(user=viewer, organisation=organisation)
    assert client.post(reverse("membership-role", args=[membership.pk]), {"role": "owner"}).status_code == 403
    assert Membership.objects.get(pk=membership.pk).role == "viewer"
