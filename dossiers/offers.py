"""Which documents the result page offers for an advice: the memo and the dossier always, each
agency draft where it applies (rendering/drafts.py decides), as (kind, format, label)."""

from __future__ import annotations

from typing import Any

from .rendering.drafts import drafts_that_apply

ALWAYS = [
    ("memo", "pdf", "Memo (PDF)"),
    ("memo", "docx", "Memo (Word)"),
    ("dossier", "pdf", "Dossier (PDF)"),
    ("dossier", "docx", "Dossier (Word)"),
]
DRAFT_LABELS = {
    "cat_request": "CAT classification request (Word draft)",
    "rfd": "Pre-RFD / RFD outline (Word draft)",
    "trg_inquiry": "Tissue Reference Group inquiry (Word draft)",
    "he_application": "Hospital-exemption application (Word draft)",
}


def export_offers(*, advice: dict[str, Any] | None, answers: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    if not advice:
        return list(ALWAYS)
    drafts = drafts_that_apply({"answers": answers or {}}, advice)
    return ALWAYS + [(kind, "docx", DRAFT_LABELS[kind]) for kind in drafts]
