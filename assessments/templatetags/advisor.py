from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def answer_label(question, value):
    """The answer in words, as the question catalogue labels it."""
    return question.choice_label(value)


@register.filter
def pathway_status(status):
    from assessments.summary import PATHWAY_STATUS_LABELS

    return PATHWAY_STATUS_LABELS.get(status, status).capitalize()


@register.filter
def criterion_status(status):
    return {"met": "Met", "not_met": "Not met", "unknown": "Unknown"}.get(status, status)


@register.simple_tag
def choice_input(choice) -> str:
    """One radio or checkbox of a bound field, as Django's widget template would write it, without a
    template render per choice (a processing-steps page has 23 of them)."""
    data = choice.data
    attrs = {"type": data["type"], "name": data["name"], "value": data["value"], **data["attrs"]}
    if data["selected"]:
        attrs["checked"] = True
    return format_html("<input{}>", flatatt(attrs))
