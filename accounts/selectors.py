"""Reads scoped to what a user may see. Anything outside the user's memberships is a 404."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, Organisation


def organisation_list(*, user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def membership_get(*, user, organisation_id: int | None) -> Membership | None:
    """The user's membership in that organisation, or None."""
    if not user.is_authenticated or organisation_id is None:
        return None
    return Membership.objects.select_related("organisation").filter(user=user, organisation_id=organisation_id).first()


def default_membership(*, user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user)
        .order_by("-organisation__personal", "organisation__name")
        .first()
    )
