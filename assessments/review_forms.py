"""Forms of the review, sign-off, comments and "as of" pages."""

from __future__ import annotations

from datetime import date

from django import forms

from classification.rules.validation import earliest_as_of


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class SignForm(VersionForm):
    password = forms.CharField(
        label="Your password", strip=False, max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Signing asks for your password again: the signature is yours alone.",
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    question_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class AsOfForm(forms.Form):
    """``?as_of=YYYY-MM-DD``: the date whose law to apply, for a look that saves nothing."""

    as_of = forms.DateField(
        label="Apply the law of", input_formats=["%Y-%m-%d"],
        help_text="A date written YYYY-MM-DD, such as 2027-08-07 (the SoHO Regulation applies from that day).",
        error_messages={"invalid": "Write the date as YYYY-MM-DD, for example 2027-08-07."},
    )

    def clean_as_of(self) -> date:
        when = self.cleaned_data["as_of"]
        if when < earliest_as_of():
            raise forms.ValidationError(f"The rules cover dates from {earliest_as_of():%-d %B %Y} on.")
        if when.year > 2100:
            raise forms.ValidationError("Choose a date before 2100.")
        return when
