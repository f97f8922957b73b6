from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import services, throttle
from .forms import (
    USERNAME_UNAVAILABLE,
    ApiKeyForm,
    MembershipAddForm,
    MembershipRoleForm,
    OrganisationForm,
    OrganisationSwitchForm,
    SignupForm,
    ThrottledAuthenticationForm,
)
from .models import ApiKey, Membership
from .selectors import api_key_list, membership_get


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page; the e-mail goes through a task (services.password_reset_request), with
    a limit on how many e-mails one address or one client can trigger."""

    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not throttle.allow_password_reset(email=email, address=throttle.client_address(self.request)):
            form.add_error(None, (
                "Too many password reset requests. If this address has an account, the e-mails already "
                "sent hold a working link; otherwise wait an hour before asking again."
            ))
            return self.form_invalid(form)
        services.password_reset_request(email=email, domain=self.request.get_host(),
                                        use_https=self.request.is_secure())
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A completed reset proves who owns the account: it lifts the log-in limit on its username."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.login_throttle_clear(username=form.user.get_username())
        return response


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow_signup(address=throttle.client_address(request)):
            # Not even validated: a throttled client learns nothing about the usernames it tries.
            messages.error(request, "Too many sign-up attempts from your network. Wait an hour before trying again.")
            form = SignupForm(initial={"username": request.POST.get("username", ""),
                                       "email": request.POST.get("email", "")})
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                user = services.user_signup(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
            except services.UsernameUnavailable:
                form.add_error("username", USERNAME_UNAVAILABLE)
            else:
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


def _settings_page(request, organisation, *, form=None, member_form=None, key_form=None, new_token="",
                   status=200):
    members = organisation.memberships.select_related("user").order_by("user__username")
    return render(request, "accounts/organisation_settings.html", {
        "form": form or OrganisationForm(instance=organisation), "member_form": member_form or MembershipAddForm(),
        "members": members, "roles": Membership.Role.choices, "organisation": organisation,
        "api_keys": api_key_list(organisation=organisation), "key_form": key_form or ApiKeyForm(),
        "new_token": new_token,
    }, status=status)


def _after_member_change(request):
    """Back to the settings, unless the owner just gave up owning the organisation themselves."""
    membership = membership_get(user=request.user, organisation_id=request.membership.organisation_id)
    if membership is not None and membership.role == Membership.Role.OWNER:
        return redirect("organisation-settings")
    return redirect("assessment-list")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    organisation = _owner_membership(request).organisation
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation,
            name=form.cleaned_data["name"],
            logo=form.new_logo,
            clear_logo=form.cleaned_data.get("clear_logo", False),
        )
        messages.success(request, "Organisation settings saved.")
        return redirect("organisation-settings")
    return _settings_page(request, organisation, form=form)


@login_required
@require_POST
def membership_add(request):
    organisation = _owner_membership(request).organisation
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(organisation=organisation, by=request.user, **form.cleaned_data)
        except services.MembershipError as exc:
            form.add_error("username", str(exc))
        else:
            messages.success(request, f"{form.cleaned_data['username']} can now use {organisation.name}.")
            return redirect("organisation-settings")
    return _settings_page(request, organisation, member_form=form, status=400)


@login_required
@require_POST
def membership_role(request, pk: int):
    organisation = _owner_membership(request).organisation
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Role: choose one of the roles offered.")
        return redirect("organisation-settings")
    try:
        services.membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("organisation-settings")
    role = Membership.Role(form.cleaned_data["role"]).label.lower()
    messages.success(request, f"{membership.user.username} is now {'an' if role[0] in 'aeiou' else 'a'} {role}.")
    return _after_member_change(request)


@login_required
@require_POST
def membership_reviewer(request, pk: int):
    organisation = _owner_membership(request).organisation
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    can_review = request.POST.get("can_review") == "on"
    try:
        services.membership_set_reviewer(membership=membership, can_review=can_review, by=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("organisation-settings")
    name = membership.user.username
    messages.success(request, f"{name} can now review and sign off assessments." if can_review
                     else f"{name} can no longer sign off assessments.")
    return redirect("organisation-settings")


@login_required
@require_POST
def membership_remove(request, pk: int):
    organisation = _owner_membership(request).organisation
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk, organisation=organisation)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
        return redirect("organisation-settings")
    messages.success(request, f"{membership.user.username} was removed from {organisation.name}.")
    return _after_member_change(request)


@login_required
@require_POST
def api_key_create(request):
    """Creates a key and shows it on this response only: it is never stored, nor put in a message
    (messages live in the session). A redirect would lose it, so the page is rendered here."""
    organisation = _owner_membership(request).organisation
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, organisation, key_form=form, status=400)
    try:
        key, token = services.api_key_create(organisation=organisation, by=request.user, **form.cleaned_data)
    except services.ApiKeyError as exc:
        form.add_error("name", str(exc))
        return _settings_page(request, organisation, key_form=form, status=400)
    messages.success(request, f"The key “{key.name}” was created. Copy it now: it is shown only once.")
    return _settings_page(request, organisation, new_token=token)


@login_required
@require_POST
def api_key_revoke(request, pk: int):
    organisation = _owner_membership(request).organisation
    key = get_object_or_404(ApiKey, pk=pk, organisation=organisation)
    services.api_key_revoke(key=key, by=request.user)
    messages.success(request, f"The key “{key.name}” was revoked: scripts using it are refused from now on.")
    return redirect("organisation-settings")
