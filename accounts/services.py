"""Writes for accounts: sign-up, organisation switching and settings, memberships."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify

from .middleware import SESSION_KEY
from .models import Membership, Organisation


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


@transaction.atomic
def user_signup(*, username: str, email: str, password: str):
    """Creates the user and their personal organisation, which they own."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    organisation_create(name=f"{username}'s workspace", owner=user, personal=True)
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
    organisation.name = name
    if clear_logo:
        organisation.logo.delete(save=False)
    elif logo is not None:
        organisation.logo = logo
    organisation.save()
    return organisation


@transaction.atomic
def membership_add(*, organisation: Organisation, username: str, role: str) -> Membership:
    user = get_user_model().objects.get(username=username)
    membership, _ = Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"role": role})
    return membership


class LastOwnerError(ValueError):
    pass


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(
        organisation=membership.organisation, role=Membership.Role.OWNER
    )
    if membership.role == Membership.Role.OWNER and owners.count() <= 1:
        raise LastOwnerError("An organisation keeps at least one owner.")
    membership.delete()
