"""Reads scoped to what a user may see. Anything outside the user's memberships is a 404."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet

from .models import ApiKey, Membership, Organisation

API_KEY_SCHEME = "atmp"  # a key reads atmp_<prefix>_<secret>


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


def api_key_list(*, organisation: Organisation) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organisation=organisation).select_related("created_by").order_by("-created_at", "-pk")


def api_key_authenticate(*, token: str) -> ApiKey | None:
    """The active key this token is, or None (malformed, unknown, revoked or a wrong secret).

    The prefix finds the row; the secret is checked by comparing hashes in constant time."""
    scheme, _, rest = token.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != API_KEY_SCHEME or not prefix or not secret or len(prefix) > 16:
        return None
    key = ApiKey.objects.select_related("organisation").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.secret_hash, ApiKey.hash(token)):
        return None
    return key
