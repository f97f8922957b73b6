"""Memo and dossier rendering: content, embedded JSON, DOCX, injection safety, determinism."""

import io
import json
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from classification.rules.ruleset import RULESET_VERSION
from dossiers.rendering.context import memo_context
from dossiers.rendering.docx import render_docx
from dossiers.rendering.pdf import render_pdf
from dossiers.rendering.url_fetcher import AppFilesFetcher
from pathways.rules import advise

from .archetypes import ARCHETYPES, GENE_THERAPY

ISSUED = date(2026, 6, 1)


def render(document, *, kind="memo", fetcher=None):
    advice = advise(document, as_of=ISSUED)
    context = memo_context(document=document, advice=advice, kind=kind, organisation_name="Helix Consulting",
                           prepared_by="Alice Example", issued=ISSUED)
    return advice, context, render_pdf(context, document=document, advice=advice, fetcher=fetcher)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", ["memo", "dossier"])
@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_the_pdf_states_category_citations_disclaimer_and_ruleset(archetype, kind):
    document, category, citation = ARCHETYPES[archetype]
    advice, _, pdf = render(document, kind=kind)
    text = " ".join(pdf_text(pdf).split())
    assert category in text
    assert citation in text
    assert "Regulation (EC) No 1394/2007" in text
    assert "not a regulatory decision" in text
    assert f"Ruleset {RULESET_VERSION}" in text
    assert "Appendix: the answers" in text
    if kind == "dossier":
        assert "CAT classification request" in text and "hospital-exemption application" in text


def test_the_pdf_embeds_the_answers_and_the_advice_as_json():
    advice, _, pdf = render(GENE_THERAPY)
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert json.loads(attachments["advice.json"][0]) == json.loads(json.dumps(advice))
    assert json.loads(attachments["answers.json"][0]) == GENE_THERAPY


def test_the_pdf_declares_pdf_a_3b():
    _, _, pdf = render(GENE_THERAPY)
    xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in xmp and "3" in xmp.split("pdfaid:part", 1)[1][:6]
    assert "B" in xmp.split("pdfaid:conformance", 1)[1][:6]


def test_the_same_answers_and_ruleset_give_identical_bytes():
    assert render(GENE_THERAPY)[2] == render(GENE_THERAPY)[2]


def test_the_docx_opens_with_the_same_headings():
    advice = advise(GENE_THERAPY, as_of=ISSUED)
    context = memo_context(document=GENE_THERAPY, advice=advice, issued=ISSUED, organisation_name="Helix")
    docx = Document(io.BytesIO(render_docx(context)))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Executive summary" in headings and "2. Reasoning" in headings
    assert "Appendix: the answers" in headings
    text = "\n".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    assert "Gene therapy medicinal product (GTMP)" in text


def test_injected_markup_reads_no_file_sends_no_request_and_shows_as_text():
    hostile = json.loads(json.dumps(GENE_THERAPY))
    hostile["product"]["description"] = (
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
        "<script>document.title='pwned'</script>"
    )
    fetcher = AppFilesFetcher()
    _, _, pdf = render(hostile, fetcher=fetcher)
    assert fetcher.refused == []  # the markup was escaped, so nothing even tried to load
    assert all(url.startswith("https://atmp-advisor.invalid/static/") for url in fetcher.served)
    text = pdf_text(pdf)
    assert 'src="file:///etc/passwd"' in text and "<script>" in text
    assert "root:x:0:0" not in text


def test_the_fetcher_refuses_everything_but_static_and_media():
    fetcher = AppFilesFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.com/a.css",
                "https://atmp-advisor.invalid/static/../../etc/passwd", "https://atmp-advisor.invalid/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5
    assert fetcher.fetch("https://atmp-advisor.invalid/static/css/print.css").status == 200
