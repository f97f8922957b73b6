from django import template

register = template.Library()


@register.filter
def comments_for(question_comments: dict, question_id: str) -> list:
    """The comments on one question (``question_comments`` from timeline.review_comments)."""
    return (question_comments or {}).get(question_id, [])
