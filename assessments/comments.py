"""Comments on an assessment or on one of its questions (a write, kept for good like the history)."""

from __future__ import annotations

from django.db import transaction

from classification.rules.questions import catalogue

from .models import Assessment, Comment


class CommentRefused(ValueError):
    """A comment that was refused, in words naming the field."""


@transaction.atomic
def comment_add(*, assessment: Assessment, user, body: str, question_id: str = "") -> Comment:
    body = body.strip()
    if not body:
        raise CommentRefused("Comment: write something first.")
    if len(body) > 5000:
        raise CommentRefused("Comment: keep it to 5,000 characters.")
    if question_id:
        try:
            catalogue().question(question_id)
        except KeyError:
            raise CommentRefused("Question: choose one of the assessment's questions.") from None
    return Comment.objects.create(assessment=assessment, author=user, body=body, question_id=question_id)
