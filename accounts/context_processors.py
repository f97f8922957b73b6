from .selectors import organisation_list


def organisations(request):
    """The user's organisations, for the switcher in the navigation (evaluated only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_organisations": []}
    return {"user_organisations": organisation_list(user=user)}
