"""Who is calling the API and what they may do: one organisation and one role.

A request with an API key acts for the key's organisation with the key's role; a browser session
acts for the user's current organisation (the organisation switcher's) with their membership's
role, and, for one assessment, with their membership in that assessment's organisation, as the
web pages do. Services get ``user`` for attribution: the person for a session, nobody for a key
(a key is not a person: the change is made by the organisation's script), and ``api_key``: the key,
which the history names instead (``key`` below, None for a session)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import ApiKey, Membership, Organisation


@dataclass(frozen=True, slots=True)
class Access:
    organisation: Organisation
    role: str
    user: object | None = None  # the person of a session, None for a key
    key: ApiKey | None = None
    membership: Membership | None = None  # a session's membership in this organisation

    @property
    def organisation_id(self) -> int:
        return self.organisation.pk

    @property
    def can_edit(self) -> bool:
        return self.role in {Membership.Role.OWNER, Membership.Role.EDITOR}

    @classmethod
    def of_key(cls, key: ApiKey) -> Access:
        return cls(organisation=key.organisation, role=key.role, key=key)

    @classmethod
    def of_membership(cls, membership: Membership, *, user, organisation: Organisation) -> Access:
        return cls(organisation=organisation, role=membership.role, user=user, membership=membership)


def request_access(request) -> Access | None:
    """The access of an authenticated API request (None: not authenticated or no organisation)."""
    if isinstance(request.auth, ApiKey):
        return Access.of_key(request.auth)
    membership = getattr(request._request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return None
    return Access.of_membership(membership, user=request.user, organisation=membership.organisation)
