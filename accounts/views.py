from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import services, throttle
from .forms import (
    MembershipAddForm,
    OrganisationForm,
    OrganisationSwitchForm,
    SignupForm,
    ThrottledAuthenticationForm,
)
from .models import Membership


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with a limit on how many e-mails one address or one client can trigger."""

    def form_valid(self, form):
        address = self.request.META.get("REMOTE_ADDR", "")
        if not throttle.allow_password_reset(email=form.cleaned_data["email"], address=address):
            form.add_error(None, "Too many password reset requests. Wait an hour before asking again.")
            return self.form_invalid(form)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Your personal workspace is ready.")
        return redirect("assessment-list")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_POST
def organisation_switch(request):
    form = OrganisationSwitchForm(request.POST)
    if not form.is_valid():
        return redirect("assessment-list")
    organisation = services.organisation_switch(request=request, organisation_id=form.cleaned_data["organisation"])
    messages.info(request, f"You are now working in {organisation.name}.")
    target = form.cleaned_data.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("assessment-list")


def _owner_membership(request) -> Membership:
    membership = request.membership
    if membership is None or membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only owners can change the organisation's settings.")
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    organisation = _owner_membership(request).organisation
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation,
            name=form.cleaned_data["name"],
            logo=request.FILES.get("logo"),
            clear_logo=form.cleaned_data.get("clear_logo", False),
        )
        messages.success(request, "Organisation settings saved.")
        return redirect("organisation-settings")
    members = organisation.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "accounts/organisation_settings.html",
        {"form": form, "member_form": MembershipAddForm(), "members": members, "organisation": organisation},
    )


@login_required
@require_POST
def membership_add(request):
    organisation = _owner_membership(request).organisation
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        services.membership_add(organisation=organisation, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['username']} can now use {organisation.name}.")
        return redirect("organisation-settings")
    members = organisation.memberships.select_related("user").order_by("user__username")
    context = {"form": OrganisationForm(instance=organisation), "member_form": form, "members": members,
               "organisation": organisation}
    return render(request, "accounts/organisation_settings.html", context, status=400)


@login_required
@require_POST
def membership_remove(request, pk: int):
    organisation = _owner_membership(request).organisation
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    try:
        services.membership_remove(membership=membership)
    except services.LastOwnerError as exc:
        messages.error(request, str(exc))
    return redirect("organisation-settings")
