"""PDF rendering with WeasyPrint: PDF/A-3b with the answers and the advice embedded as JSON
attachments, through a URL fetcher that serves only the app's static and media files.
Deterministic: the same inputs and issue date give the same bytes."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML, Attachment

from .url_fetcher import BASE_URL, AppFilesFetcher


def _json_attachment(name: str, data: Any, description: str, when: datetime) -> Attachment:
    payload = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return Attachment(
        string=payload,
        base_url=BASE_URL,
        name=name,
        description=description,
        created=when,
        modified=when,
        relationship="Data",
        url_fetcher=AppFilesFetcher(),
    )


def render_pdf(context: dict[str, Any], *, document: dict[str, Any], advice: dict[str, Any],
               fetcher: AppFilesFetcher | None = None, history: dict[str, Any] | None = None) -> bytes:
    """``context`` is the content model (content.memo_content or drafts.draft_content); ``history``,
    the assessment's history (assessments.timeline.history_json), is attached when given."""
    html = render_to_string("dossiers/memo.html", {"doc": context})
    fetcher = fetcher or AppFilesFetcher()
    issued = context["issued"]
    when = datetime(issued.year, issued.month, issued.day, tzinfo=UTC)
    identifier = hashlib.sha256(
        f"{advice.get('answers_hash', '')}:{advice['ruleset']['version']}:{context['kind']}:{issued}".encode()
    ).hexdigest()[:32].encode()
    attachments = [
        _json_attachment("answers.json", document, "The answers document (answers.schema.json v1)", when),
        _json_attachment("advice.json", advice, "The advice document (advice.schema.json v1)", when),
    ]
    if history is not None:
        attachments.append(_json_attachment("history.json", history, "The history of the assessment", when))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/a-3b", pdf_identifier=identifier, attachments=attachments
    )
