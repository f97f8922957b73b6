"""Forms of the wizard. A question's form is generated from the question catalogue: no second
copy of any question lives here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from classification.rules.core import UNKNOWN
from classification.rules.questions import Question
from classification.rules.validation import MAX_NUMBER, MAX_NUMBER_TEXT

UNKNOWN_LABEL = "I don't know"


def encode(value: Any) -> str:
    """How an answer value travels in HTML: booleans as true/false, strings as they are."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


class AssessmentForm(forms.Form):
    product_name = forms.CharField(max_length=200, label="Product name")
    description = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the product is and how it is made. Shown in the memo.",
    )
    indication = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sponsor = forms.CharField(max_length=200, required=False, label="Sponsor or developer")


class AssessmentSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="Search by product name")


class ConfirmForm(forms.Form):
    """The review page's "confirm these answers": only the version the answers were shown at."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class ImportForm(forms.Form):
    file = forms.FileField(label="Answers document (JSON)", help_text="A v1 answers document, as exported here.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file is larger than 1 MB.")
        return upload


class QuestionForm(forms.Form):
    """One question of the catalogue, with the assessment version it was shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        self.question = question
        super().__init__(*args, **kwargs)
        self.fields["answer"] = self._answer_field(question)
        if question.type in {"number", "integer"}:
            self.fields["not_known"] = forms.BooleanField(required=False, label="Not known")

    def _answer_field(self, question: Question) -> forms.Field:
        choices = [(encode(c.value), c.label) for c in question.choices]
        if question.type == "multichoice":
            return forms.MultipleChoiceField(
                choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=question.text
            )
        if question.type in {"boolean", "choice"}:
            if question.allow_unknown:
                choices.append((UNKNOWN, UNKNOWN_LABEL))
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, label=question.text,
                error_messages={"required": "Select an answer" + (", or \u201cI don't know\u201d" if question.allow_unknown else "")},
            )
        return forms.CharField(
            required=False, label=question.text, max_length=40,
            error_messages={"max_length": "Enter a number of at most 40 characters, like 0.5 or 1200"},
        )

    @staticmethod
    def initial_for(question: Question, value: Any) -> dict[str, Any]:
        if value is None and question.type not in {"number", "integer"}:
            return {}
        if question.type == "multichoice":
            return {"answer": [encode(v) for v in value or []]}
        if question.type in {"number", "integer"}:
            return {"answer": "" if value is None else str(value), "not_known": value is None}
        return {"answer": encode(value)}

    def clean(self):
        cleaned = super().clean()
        if "answer" not in cleaned:
            return cleaned
        cleaned["value"] = self._decode(cleaned)
        return cleaned

    def _decode(self, cleaned: dict[str, Any]) -> Any:
        question, raw = self.question, cleaned["answer"]
        by_code = {encode(c.value): c.value for c in question.choices}
        if question.type == "multichoice":
            if len(set(raw)) != len(raw):
                self.add_error("answer", "Select each option at most once")
                return None
            return [by_code[code] for code in raw]
        if question.type in {"boolean", "choice"}:
            return UNKNOWN if raw == UNKNOWN else by_code[raw]
        if cleaned.get("not_known"):
            return None
        text = (raw or "").strip().replace(",", "")
        if not text:
            self.add_error("answer", "Enter a number, or tick \u201cNot known\u201d")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.add_error("answer", "Enter a number, like 0.5 or 1200")
            return None
        if not number.is_finite():  # NaN, Infinity
            self.add_error("answer", "Enter a number, like 0.5 or 1200")
            return None
        if number < 0:
            self.add_error("answer", "Enter a number of 0 or more")
            return None
        # Before int(): int(Decimal("1e4000")) would build a 4,001-digit integer.
        if number > MAX_NUMBER:
            self.add_error("answer", f"Enter a number of at most {MAX_NUMBER_TEXT}")
            return None
        if question.type == "integer":
            if number != number.to_integral_value():
                self.add_error("answer", "Enter a whole number")
                return None
            return int(number)
        if number > 10000:
            self.add_error("answer", "Enter a number of at most 10,000")
            return None
        return float(number)
