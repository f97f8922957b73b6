from django import template

register = template.Library()


@register.simple_tag
def answer_label(question, value):
    """The answer in words, as the question catalogue labels it."""
    return question.choice_label(value)


@register.filter
def pathway_status(status):
    from classification.summary import PATHWAY_STATUS_LABELS

    return PATHWAY_STATUS_LABELS.get(status, status).capitalize()


@register.filter
def criterion_status(status):
    return {"met": "Met", "not_met": "Not met", "unknown": "Unknown"}.get(status, status)
