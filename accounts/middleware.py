from .backends import loaded_memberships
from .selectors import default_membership, membership_get

SESSION_KEY = "organisation_id"


def _current_membership(request):
    if not request.user.is_authenticated:
        return None
    loaded = loaded_memberships(request.user)
    if loaded is not None:  # read with the user in one query (accounts.backends): no query here
        return _current_of(request, loaded)
    membership = membership_get(user=request.user, organisation_id=request.session.get(SESSION_KEY))
    if membership is None:
        membership = default_membership(user=request.user)
        if membership is not None:
            request.session[SESSION_KEY] = membership.organisation_id
    return membership


def _current_of(request, memberships):
    """As membership_get, then default_membership (personal organisation first, then by name)."""
    organisation_id = request.session.get(SESSION_KEY)
    membership = next((m for m in memberships if m.organisation_id == organisation_id), None)
    if membership is None and memberships:
        membership = min(memberships, key=lambda m: (not m.organisation.personal, m.organisation.name))
        request.session[SESSION_KEY] = membership.organisation_id
    return membership


class CurrentOrganisationMiddleware:
    """Sets ``request.membership``: the user's membership (or None) in the organisation
    chosen in the organisation switcher, or their first one. A consultant with many clients
    switches between them; everything they see is scoped to the current organisation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = _current_membership(request)
        return self.get_response(request)
