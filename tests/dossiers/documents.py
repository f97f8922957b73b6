"""Render each document kind once per archetype (cached) and read it back with pypdf and
python-docx, for the memo, dossier and draft tests."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import cache

from docx import Document
from pypdf import PdfReader

from classification.rules.questions import catalogue
from dossiers.rendering.content import People
from dossiers.services import content_for, render_bytes
from pathways.rules import advise

from .archetypes import ARCHETYPES

ISSUED = date(2026, 6, 1)
PEOPLE = People(issued=ISSUED, organisation_name="Helix Consulting", author="Alice Example", client="Acme Bio",
                reviewer="Rita Reviewer", version=2)
KINDS = ("memo", "dossier", "cat_request", "rfd", "trg_inquiry", "he_application")
DRAFTS = KINDS[2:]
A4_POINTS = (595, 842)
# Ids users must never read in place of words: the question ids of the catalogue that are not
# also English words ("goals", "manipulations").
QUESTION_IDS = sorted(q.id for q in catalogue().questions if "_" in q.id)


@cache
def advice_of(archetype: str) -> dict:
    return advise(ARCHETYPES[archetype][0], as_of=ISSUED)


@cache
def rendered(archetype: str, kind: str, fmt: str) -> bytes:
    return render_bytes(kind=kind, fmt=fmt, document=ARCHETYPES[archetype][0], advice=advice_of(archetype),
                        people=PEOPLE)


def content(archetype: str, kind: str) -> dict:
    return content_for(kind=kind, document=ARCHETYPES[archetype][0], advice=advice_of(archetype), people=PEOPLE)


def pdf_pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def docx_of(data: bytes):
    return Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    document = docx_of(data)
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def raw_ids_in(text: str) -> list[str]:
    """Question ids standing as words in the text (an id inside a URL or a longer word does not count)."""
    return [qid for qid in QUESTION_IDS if re.search(rf"(?<![\w/.-]){re.escape(qid)}(?![\w/-])", text)]
