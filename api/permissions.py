from rest_framework import exceptions, permissions

from .access import request_access


class HasOrganisation(permissions.BasePermission):
    """An API key, or a logged-in user with a current organisation. Writes need an editor (or an
    owner); a viewer reads. The object checks are the selectors' (another organisation's object is
    a 404)."""

    message = "A viewer reads only: ask an owner of the organisation for an editor key or the editor role."

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated(
                "Send an API key as Authorization: Bearer <key>, or log in. An owner creates keys on "
                "the organisation's settings page."
            )
        access = request_access(request)
        if access is None:
            raise exceptions.PermissionDenied("You are not a member of any organisation.")
        if request.method in permissions.SAFE_METHODS or getattr(view, "read_only_post", False):
            return True
        return access.can_edit
