from .backends import loaded_memberships
from .selectors import organisation_list


def organisations(request):
    """The user's organisations, for the switcher in the navigation (evaluated only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_organisations": []}
    loaded = loaded_memberships(user)
    if loaded is not None:  # read with the user (accounts.backends): no second query
        return {"user_organisations": sorted((m.organisation for m in loaded), key=lambda o: o.name)}
    return {"user_organisations": organisation_list(user=user)}
