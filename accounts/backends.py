"""The session's user loaded with their memberships in one query.

Every request reads the user (Django's session authentication) and then the current membership
(CurrentOrganisationMiddleware), and every page lists the user's organisations (the switcher): three
statements for what one join answers. ``get_user`` here reads the memberships with their user and
organisation in one query and hands the user over with ``loaded_memberships``; the session-hash
check, ``is_active`` and everything else stay Django's (``ModelBackend``). A user without any
membership is read the usual way."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import Membership


class MembershipsBackend(ModelBackend):
    def get_user(self, user_id):
        memberships = list(Membership.objects.select_related("user", "organisation").filter(user_id=user_id))
        if not memberships:
            return super().get_user(user_id)
        user = memberships[0].user
        for membership in memberships:
            membership.user = user  # one user object, as a query per membership would not give
        user.loaded_memberships = memberships
        return user if self.user_can_authenticate(user) else None


def loaded_memberships(user) -> list[Membership] | None:
    """The memberships the backend loaded with the user, or None when it did not (another backend,
    an API key's request)."""
    return getattr(user, "loaded_memberships", None)
