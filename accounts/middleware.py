from .selectors import default_membership, membership_get

SESSION_KEY = "organisation_id"


def _current_membership(request):
    if not request.user.is_authenticated:
        return None
    membership = membership_get(user=request.user, organisation_id=request.session.get(SESSION_KEY))
    if membership is None:
        membership = default_membership(user=request.user)
        if membership is not None:
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
