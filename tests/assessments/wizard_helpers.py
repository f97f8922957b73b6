"""Answering the wizard through the Django test client, for view tests."""

from django.urls import reverse

from assessments.forms import encode
from assessments.models import Assessment


def post_answer(client, assessment: Assessment, qid: str, value, *, version: int | None = None, extra=None):
    assessment.refresh_from_db()
    data = {"version": assessment.version if version is None else version, "continue": "1"}
    if isinstance(value, list):
        data["answer"] = [encode(v) for v in value]
    elif value is None:
        data["not_known"] = "on"
    else:
        data["answer"] = encode(value)
    data.update(extra or {})
    return client.post(reverse("assessment-question", args=[assessment.pk, qid]), data)


def answer_all(client, assessment: Assessment, answers: dict) -> None:
    """Walks the wizard in order, answering the questions it asks from ``answers``."""
    for _ in range(80):
        assessment.refresh_from_db()
        response = client.get(reverse("assessment-resume", args=[assessment.pk]))
        url = response.url
        if url.endswith("/review/"):
            return
        qid = url.rstrip("/").split("/")[-1]
        value = answers.get(qid, "unknown")
        response = post_answer(client, assessment, qid, value)
        assert response.status_code == 302, (qid, response.content.decode()[:2000])
        if qid not in answers:
            assessment.refresh_from_db()
            if assessment.answers.get(qid) is None:
                return
