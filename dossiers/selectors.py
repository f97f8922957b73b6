from django.http import Http404

from accounts.models import Membership

from .models import Export


def export_access(*, user, pk: int) -> tuple[Export, Membership]:
    """The export and the user's membership in its organisation; a 404 outside it."""
    if not user.is_authenticated:
        raise Http404
    export = Export.objects.select_related("assessment", "organisation").filter(pk=pk).first()
    membership = (
        Membership.objects.filter(user=user, organisation_id=export.organisation_id).first() if export else None
    )
    if membership is None:
        raise Http404("No such export")
    return export, membership


def export_list(*, assessment):
    return Export.objects.filter(assessment=assessment).select_related("requested_by")
