"""The Word documents: A4, a PAGE field in the footer, numbered lists that restart in every list,
citations as real footnotes, the decision diagram as a picture, no raw ids, and the same bytes
whatever the clock."""

import io
import re
import time
import zipfile

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from dossiers.rendering.docx import render_docx

from .archetypes import ARCHETYPES
from .documents import KINDS, content, docx_of, docx_part, docx_text, raw_ids_in, rendered


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_every_kind_opens_as_a4_with_page_numbers_and_no_raw_ids(archetype, kind):
    data = rendered(archetype, kind, "docx")
    document = docx_of(data)
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    footer = docx_part(data, "word/footer1.xml")
    assert "PAGE" in footer and "NUMPAGES" in footer and 'w:fldCharType="begin"' in footer
    text = docx_text(data)
    assert raw_ids_in(text) == []
    assert not re.search(r"\[[VSR]\]", text), "a confidence tag where words belong"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and headings[-1] == "Notes" or "Appendix: the answers" in headings


def test_the_memo_has_the_sections_of_the_pdf():
    document = docx_of(rendered("gene_therapy", "memo", "docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("1. Summary", "2. How the answers decide", "3. Reasoning",
                    "4. Options: pathways that serve the goals", "5. Obligations: what the product must do in any case",
                    "6. Assumptions and open questions", "7. What to do next", "Appendix: the answers"):
        assert heading in headings
    text = docx_text(rendered("gene_therapy", "memo", "docx"))
    assert "Gene therapy medicinal product (GTMP)" in text
    assert "Alice Example" in text and "Rita Reviewer" in text and "Acme Bio" in text


def _numbered_lists(data: bytes) -> list[list[str]]:
    """The numId of each numbered paragraph, grouped by list as they appear."""
    document = docx_of(data)
    groups: list[list[str]] = []
    previous = None
    for paragraph in document.paragraphs:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if paragraph.style.name != "List Number" or num_pr is None:
            previous = None
            continue
        num_id = num_pr.numId.val
        if num_id != previous:
            groups.append([])
        groups[-1].append(num_id)
        previous = num_id
    return groups


@pytest.mark.parametrize("kind", ["memo", "dossier"])
def test_numbered_lists_restart_in_every_section(kind):
    data = rendered("gene_therapy", kind, "docx")
    groups = _numbered_lists(data)
    assert len(groups) >= 3  # EU, US and hospital-exemption reasoning at least
    ids = [group[0] for group in groups]
    assert len(ids) == len(set(ids)), "two lists share a numbering, so the second would go on counting"
    numbering = docx_part(data, "word/numbering.xml")
    for num_id in ids:
        num = re.search(rf'<w:num w:numId="{num_id}">(.*?)</w:num>', numbering, re.S)
        assert num and '<w:startOverride w:val="1"/>' in num.group(1)


def test_citations_are_word_footnotes_numbered_like_the_notes():
    doc = content("gene_therapy", "memo")
    data = render_docx(doc)
    footnotes = docx_part(data, "word/footnotes.xml")
    rels = docx_part(data, "word/_rels/document.xml.rels")
    assert "relationships/footnotes" in rels
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in docx_part(
        data, "word/settings.xml")
    ids = [int(i) for i in re.findall(r'<w:footnote w:id="(\d+)"', footnotes)]
    assert ids == [note["number"] for note in doc["notes"]]
    body = docx_part(data, "word/document.xml")
    assert body.count("<w:footnoteReference") == len(ids)
    first = doc["notes"][0]
    assert first["instrument"] in footnotes and first["url"] in footnotes
    assert not re.search(r"https?://", "\n".join(p.text for p in docx_of(data).paragraphs))


def test_the_decision_diagrams_are_pictures_with_their_text():
    data = rendered("combined_tep", "memo", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pictures = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(pictures) == 2 and all(package.read(p)[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)
    text = docx_text(data)
    assert "EU classification: how the answers decide." in text
    assert "Is the main purpose to regenerate, repair or replace a human tissue? Yes." in text


def test_the_docx_does_not_depend_on_the_clock(monkeypatch):
    doc = content("gene_therapy", "memo")
    first = render_docx(doc)
    later = time.time() + 3 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)  # zipfile stamps entries with time.localtime(time.time())
    second = render_docx(doc)
    assert first == second
    stamps = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(second)).infolist()}
    assert stamps == {(2026, 6, 1, 0, 0, 0)}


def test_a_footnote_reference_sits_in_the_paragraph_it_supports():
    document = docx_of(rendered("gene_therapy", "memo", "docx"))
    with_notes = [p for p in document.paragraphs if p._p.findall(".//" + qn("w:footnoteReference"))]
    assert with_notes and all(p.text.strip() for p in with_notes)
