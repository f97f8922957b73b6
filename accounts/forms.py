from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from .models import Membership, Organisation
from .throttle import clear, is_throttled, record_failure

MAX_LOGO_BYTES = 1024 * 1024


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses further attempts after too many failures for a username or an address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed attempts. Wait a few minutes before trying again.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if is_throttled(username=username, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username=username, address=address)
            raise
        clear(username=username, address=address)
        return cleaned


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="For password resets.")

    class Meta:
        model = get_user_model()
        fields = ("username", "email")


class OrganisationForm(forms.ModelForm):
    clear_logo = forms.BooleanField(required=False, label="Remove the current logo")

    class Meta:
        model = Organisation
        fields = ("name", "logo")
        help_texts = {"logo": "PNG or JPEG, at most 1 MB. It appears on the cover of memos."}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            if logo.size > MAX_LOGO_BYTES:
                raise forms.ValidationError("The logo is larger than 1 MB.")
            if getattr(logo, "image", None) is not None and logo.image.format not in {"PNG", "JPEG"}:
                raise forms.ValidationError("The logo must be a PNG or JPEG image.")
        return logo


class MembershipAddForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.EDITOR)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("No user has this username.")
        return username


class OrganisationSwitchForm(forms.Form):
    organisation = forms.IntegerField()
    next = forms.CharField(required=False)
