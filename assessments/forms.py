"""Forms of the wizard. A question's form is generated from the question catalogue: no second
copy of any question lives here."""

from __future__ import annotations

from typing import Any

from django import forms

from classification.rules.core import UNKNOWN
from classification.rules.questions import Question
from classification.rules.validation import MAX_NUMBER, MAX_NUMBER_TEXT

from .number_entry import NumberEntryError, format_number, parse_number

UNKNOWN_LABEL = "I don't know"
NONE_CODE = "none"  # a multichoice's "None of these" (the empty list), where the question offers it


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


class AssessmentDetailsForm(AssessmentForm):
    """The product details, changed after creation, with the version they were shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class DuplicateForm(forms.Form):
    product_name = forms.CharField(max_length=200, required=False, label="Name of the copy",
                                   help_text="Give the copy a name of its own, for example the variant it describes.")


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


class _FocusFirst:
    """Radios or checkboxes whose first option takes the focus when the page opens, so that the
    keyboard starts at the question rather than in the header (not on a page with errors: the
    error summary takes it there)."""

    focus_first = True

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)  # type: ignore[misc]
        if self.focus_first and index == 0:
            option["attrs"]["autofocus"] = True
        return option


class FocusedRadioSelect(_FocusFirst, forms.RadioSelect):
    pass


class FocusedCheckboxSelectMultiple(_FocusFirst, forms.CheckboxSelectMultiple):
    pass


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
            if question.none_label:
                choices.append((NONE_CODE, question.none_label))
            if question.allow_unknown:
                choices.append((UNKNOWN, UNKNOWN_LABEL))
            return forms.MultipleChoiceField(
                choices=choices, required=False, widget=FocusedCheckboxSelectMultiple, label=question.text
            )
        if question.type in {"boolean", "choice"}:
            if question.allow_unknown:
                choices.append((UNKNOWN, UNKNOWN_LABEL))
            return forms.ChoiceField(
                choices=choices, widget=FocusedRadioSelect, label=question.text,
                error_messages={"required": "Select an answer" + (", or \u201cI don't know\u201d" if question.allow_unknown else "")},
            )
        return forms.CharField(
            required=False, label=question.text, max_length=40,
            error_messages={"max_length": "Enter a number of at most 40 characters, like 0.5 or 1200"},
        )

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors:
            self.fields["answer"].widget.focus_first = False

    def is_blank(self) -> bool:
        """Nothing given at all: no option ticked, no number typed, "Not known" not ticked. "Save and
        come back later" then saves the place and leaves, without an error."""
        return not any(value.strip() for value in self.data.getlist("answer")) and not self.data.get("not_known")

    @property
    def field_name(self) -> str:
        """The number field as its label names it, for messages."""
        return f"Answer ({self.question.unit})" if self.question.unit else "Answer"

    def choice_groups(self) -> list[tuple[Any, list[Any]]]:
        """A multichoice's checkboxes under their headings, then its "None of these" and "I don't
        know" (each ticked alone) as a last, untitled group."""
        boxes = {box.data["value"]: box for box in self["answer"]}
        groups = [(g, [boxes[encode(c.value)] for c in g.choices]) for g in self.question.grouped_choices()]
        exclusive = [boxes[code] for code in (NONE_CODE, UNKNOWN) if code in boxes]
        return groups + ([(None, exclusive)] if exclusive else [])

    @staticmethod
    def initial_for(question: Question, value: Any, *, answered: bool = True) -> dict[str, Any]:
        """The form's start: the saved answer, shown back. "Not known" is never ticked in advance,
        so a number typed over it is never dropped."""
        if question.type in {"number", "integer"}:
            return {"answer": "" if value is None else format_number(value), "not_known": False}
        if value is None:
            return {}
        if question.type == "multichoice":
            if value == UNKNOWN:
                return {"answer": [UNKNOWN]}
            if value == [] and question.none_label:
                return {"answer": [NONE_CODE]}
            return {"answer": [encode(v) for v in value]}
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
            return self._decode_multichoice(raw, by_code)
        if question.type in {"boolean", "choice"}:
            return UNKNOWN if raw == UNKNOWN else by_code[raw]
        text = (raw or "").strip()
        if cleaned.get("not_known"):
            if text:
                self.add_error(
                    "answer", f"{self.field_name}: enter a number or tick \u201cNot known\u201d, not both"
                )
            return None
        if not text:
            self.add_error("answer", f"{self.field_name}: enter a number, or tick \u201cNot known\u201d")
            return None
        try:
            number = parse_number(text, field=self.field_name)
        except NumberEntryError as refused:
            self.add_error("answer", str(refused))
            return None
        # Before int(): int(Decimal("1e4000")) would build a 4,001-digit integer.
        if number > MAX_NUMBER:
            self.add_error("answer", f"{self.field_name}: enter a number of at most {MAX_NUMBER_TEXT}")
            return None
        if question.type == "integer":
            if number != number.to_integral_value():
                self.add_error("answer", f"{self.field_name}: enter a whole number")
                return None
            return int(number)
        if number > 10000:
            self.add_error("answer", f"{self.field_name}: enter a number of at most 10 000")
            return None
        return float(number)

    def _decode_multichoice(self, raw: list[str], by_code: dict[str, Any]) -> Any:
        question = self.question
        if len(set(raw)) != len(raw):
            self.add_error("answer", "Select each option at most once")
            return None
        exclusive = [code for code in raw if code in (NONE_CODE, UNKNOWN)]
        if exclusive and len(raw) > 1:
            words = " or ".join(f"\u201c{label}\u201d" for label in self._exclusive_labels(exclusive))
            self.add_error("answer", f"Tick {words} on its own, or untick it")
            return None
        if exclusive:
            return UNKNOWN if exclusive[0] == UNKNOWN else []
        if not raw and question.none_label:
            others = " or \u201cI don't know\u201d" if question.allow_unknown else ""
            self.add_error(
                "answer", f"Tick what applies, or \u201c{question.none_label}\u201d{others}"
            )
            return None
        return [by_code[code] for code in raw]

    def _exclusive_labels(self, codes: list[str]) -> list[str]:
        return [self.question.none_label if code == NONE_CODE else UNKNOWN_LABEL for code in codes]
