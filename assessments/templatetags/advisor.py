from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

from pathways.rules import labels

register = template.Library()


@register.simple_tag
def answer_label(question, value):
    """The answer in words, as the question catalogue labels it."""
    return question.choice_label(value)


@register.filter
def pathway_status(status):
    return labels.pathway_status(status).capitalize()


@register.filter
def criterion_status(status):
    return labels.criterion_status(status)


@register.filter
def eu_category(category):
    """A saved EU category code in words (the assessment list)."""
    return labels.eu_category(category) if category else ""


@register.filter
def confidence_words(tag):
    """A confidence tag (V, S, R) in words; empty for a verified fact."""
    return labels.confidence(tag) if tag and tag != "V" else ""


@register.filter
def jurisdiction(code):
    return labels.jurisdiction(code)


@register.filter
def question_texts(qids):
    """Question ids (an advice's ``needs``) as the questions' texts, joined (issue 11)."""
    return "; ".join(labels.open_questions(qids or []))


@register.filter
def plain(text):
    """A finding or note with its confidence tags in words."""
    return labels.plain(text or "")


@register.simple_tag
def choice_input(choice) -> str:
    """One radio or checkbox of a bound field, as Django's widget template would write it, without a
    template render per choice (a processing-steps page has 23 of them)."""
    data = choice.data
    attrs = {"type": data["type"], "name": data["name"], "value": data["value"], **data["attrs"]}
    if data["selected"]:
        attrs["checked"] = True
    return format_html("<input{}>", flatatt(attrs))
