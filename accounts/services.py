"""Writes for accounts: sign-up, organisation switching and settings, memberships, password resets.

Memberships: every change of an organisation's members (adding one, changing a role, removing
one) locks the organisation's row first and then checks, in ``_keep_an_owner`` only, that the
organisation keeps at least one owner. The lock makes the changes of one organisation run one at
a time, so the owner count read under it is still true when the change commits. (Locking the
owners' membership rows would not do: ``select_for_update().count()`` is an aggregate, for
which PostgreSQL locks nothing, and two owners demoting each other lock different rows.)
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from atmp_advisor.files import delete_after_commit

from .middleware import SESSION_KEY
from .models import ApiKey, Membership, Organisation
from .selectors import API_KEY_SCHEME
from .tasks import send_password_reset


class UsernameUnavailable(ValueError):
    """Another sign-up took the username between the form's check and the insert."""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def organisation_create(*, name: str, owner, personal: bool = False) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=_unique_slug(name), personal=personal)
    Membership.objects.create(user=owner, organisation=organisation, role=Membership.Role.OWNER)
    return organisation


def user_signup(*, username: str, email: str, password: str):
    """Creates the user and their personal organisation, which they own."""
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=username, email=email, password=password)
            organisation_create(name=f"{username}'s workspace", owner=user, personal=True)
    except IntegrityError:
        raise UsernameUnavailable(username) from None
    return user


def organisation_switch(*, request, organisation_id: int) -> Organisation:
    """Makes the organisation current for this session; a foreign organisation is a 404."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=request.user, organisation_id=organisation_id)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation")
    request.session[SESSION_KEY] = membership.organisation_id
    return membership.organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, name: str, logo=None, clear_logo: bool = False) -> Organisation:
    """Saves the name and the logo (already re-encoded by the form). A replaced or removed logo's
    file is deleted once this commits."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    replaced = current.logo.name
    current.name = name
    if clear_logo:
        current.logo = ""
    elif logo is not None:
        current.logo = logo
    current.save()
    if replaced and replaced != current.logo.name:
        delete_after_commit(current.logo.storage, replaced)
    return current


class MembershipError(ValueError):
    """A membership change that was refused, in words for the owner who asked for it."""


class LastOwnerError(MembershipError):
    pass


def _lock(organisation: Organisation, *, by) -> Organisation:
    """Locks the organisation's row for this transaction and checks, under the lock, that ``by``
    is still one of its owners (another owner may have demoted them a moment ago). ``by=None``
    is the system acting (the admin, a command): no owner is needed."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if by is not None and not Membership.objects.filter(
        organisation=locked, user=by, role=Membership.Role.OWNER
    ).exists():
        raise PermissionDenied("Only owners can change the organisation's members.")
    return locked


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER).count()


def _keep_an_owner(organisation: Organisation, membership: Membership, *, new_role: str | None) -> None:
    """The one check of the rule "at least one owner at all times"; the organisation is locked.
    ``new_role=None`` is a removal."""
    if membership.role != Membership.Role.OWNER or new_role == Membership.Role.OWNER:
        return
    if _owner_count(organisation) <= 1:
        raise LastOwnerError(
            "An organisation keeps at least one owner: make someone else an owner first."
        )


def _locked_membership(organisation: Organisation, pk: int) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("user").filter(pk=pk, organisation=organisation).first()
    )
    if membership is None:
        raise MembershipError("This person is no longer a member.")
    return membership


@transaction.atomic
def membership_add(*, organisation: Organisation, username: str, role: str, by) -> Membership:
    """Adds a user who is not yet a member. An existing member's role is changed with
    ``membership_change_role``, never here: adding cannot go around the owner rule."""
    organisation = _lock(organisation, by=by)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise MembershipError("No user has this username.")
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise MembershipError(
            f"{username} is already a member of {organisation.name}: change their role in the list of members."
        )
    return Membership.objects.create(user=user, organisation=organisation, role=role)


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in Membership.Role.values:
        raise MembershipError("Choose one of the roles offered.")
    organisation = _lock(membership.organisation, by=by)
    membership = _locked_membership(organisation, membership.pk)
    _keep_an_owner(organisation, membership, new_role=role)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_set_reviewer(*, membership: Membership, can_review: bool, by) -> Membership:
    """Grants or withdraws the reviewer permission (signing off assessments). Owners decide; a
    viewer only reads, so cannot be made a reviewer."""
    organisation = _lock(membership.organisation, by=by)
    membership = _locked_membership(organisation, membership.pk)
    if can_review and membership.role == Membership.Role.VIEWER:
        raise MembershipError(
            f"{membership.user.username} is a viewer: make them an editor or an owner before they can review."
        )
    if membership.can_review != can_review:
        membership.can_review = can_review
        membership.save(update_fields=["can_review"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    organisation = _lock(membership.organisation, by=by)
    membership = _locked_membership(organisation, membership.pk)
    _keep_an_owner(organisation, membership, new_role=None)
    membership.delete()


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queues the reset e-mail. The request does the same work whether or not the address has an
    account (the worker looks it up), so its timing tells nothing; with no broker the task runs
    in-process. Nothing is written, so there is no commit to wait for."""
    send_password_reset.delay(email, domain, use_https)


def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Sends a reset link to every active account with this e-mail address (none: nothing sent)."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


# API keys ------------------------------------------------------------------------------------

# The last-used time of a key is written at most this often, so that a script calling the API in
# a loop costs one small UPDATE a minute, not one per request.
API_KEY_TOUCH_SECONDS = 60


class ApiKeyError(ValueError):
    """A key that could not be created, in words for the owner who asked for it."""


@transaction.atomic
def api_key_create(*, organisation: Organisation, name: str, role: str, by) -> tuple[ApiKey, str]:
    """Creates a key and returns it with its token, which is shown once and never stored (only
    its hash is). ``by`` must be an owner; ``by=None`` is the system (``manage.py api_key``)."""
    if role not in ApiKey.Role.values:
        raise ApiKeyError("Role: choose editor or viewer.")
    name = name.strip()
    if not name or len(name) > 100:
        raise ApiKeyError("Name: give the key a name of at most 100 characters, such as the script that uses it.")
    if by is not None:
        _lock(organisation, by=by)
    prefix = secrets.token_hex(6)
    token = f"{API_KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        organisation=organisation, name=name, role=role, prefix=prefix, secret_hash=ApiKey.hash(token),
        created_by=by,
    )
    return key, token


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    """Revokes the key at once (a revoked key is refused from its next request on); revoking it
    again changes nothing. ``by`` must be an owner of the key's organisation, or None."""
    if by is not None:
        _lock(key.organisation, by=by)
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db()
    return key


def api_key_touch(*, key: ApiKey) -> None:
    """Records that the key was used, at most once every API_KEY_TOUCH_SECONDS: the conditional
    UPDATE writes nothing when another request of the same minute wrote first. Bookkeeping of
    authentication, like Django's ``last_login``; it changes nothing the key may do."""
    now = timezone.now()
    threshold = now - timedelta(seconds=API_KEY_TOUCH_SECONDS)
    if key.last_used_at is not None and key.last_used_at >= threshold:
        return
    ApiKey.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=threshold), pk=key.pk).update(
        last_used_at=now
    )
    key.last_used_at = now
