from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from . import logos
from .models import ApiKey, Membership, Organisation
from .throttle import client_address, login_attempt_allowed, login_succeeded

# The one answer sign-up gives about a username it cannot use, taken or not: it never says which.
USERNAME_UNAVAILABLE = "Choose a different username."


class ThrottledAuthenticationForm(AuthenticationForm):
    """Counts every attempt before the password is checked, per username and per client address,
    and refuses without checking once either has failed too often (accounts.throttle)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": (
            "Too many failed attempts for this account or from your network. Wait a few minutes, or "
            "reset your password: a reset lets you log in again at once."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # nothing to check, nothing counted
        address = client_address(self.request) if self.request else ""
        if not login_attempt_allowed(username=username, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        cleaned = super().clean()  # a wrong password raises here, and the attempt stays counted
        login_succeeded(username=username, address=address)
        return cleaned


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="For password resets.")

    class Meta:
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self):
        """Refuses a taken username with the same words as any other unusable one."""
        username = self.cleaned_data.get("username")
        if username and get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_UNAVAILABLE, code="unavailable")
        return username


class OrganisationForm(forms.ModelForm):
    clear_logo = forms.BooleanField(required=False, label="Remove the current logo")

    class Meta:
        model = Organisation
        fields = ("name", "logo")
        widgets = {"logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}
        help_texts = {
            "logo": "PNG or JPEG, at most 1 MB and 2,000 \u00d7 2,000 pixels. It appears on the cover of memos."
        }

    def clean_logo(self):
        """A new upload comes back re-encoded (accounts.logos); the current logo is left as it is."""
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            try:
                return logos.reencode(logo)
            except logos.InvalidLogo as exc:
                raise forms.ValidationError(str(exc), code="invalid_logo") from None
        return logo

    @property
    def new_logo(self):
        """The re-encoded upload, or None when no new logo was sent."""
        logo = self.cleaned_data.get("logo")
        return logo if isinstance(logo, ContentFile) else None


class MembershipAddForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.EDITOR)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("No user has this username.")
        return username


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class OrganisationSwitchForm(forms.Form):
    organisation = forms.IntegerField(min_value=1, max_value=2**63 - 1)  # the id column's range
    next = forms.CharField(required=False)


class ApiKeyForm(forms.Form):
    prefix = "api_key"  # its fields apart from the member form's (ids and names on the one page)

    name = forms.CharField(
        max_length=100, label="Name of the key",
        help_text="What uses it, such as “portfolio notebook”: the list of keys shows it.",
    )
    role = forms.ChoiceField(
        choices=ApiKey.Role.choices, initial=ApiKey.Role.VIEWER, label="Role",
        help_text="A viewer key reads; an editor key also creates and changes assessments and requests exports.",
    )
