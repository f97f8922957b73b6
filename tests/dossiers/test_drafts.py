"""The agency drafts: editable Word documents pre-filled from the answers and the advice, each
section marked with what is still missing, each labelled as a draft prepared with the advisor."""

import pytest

from dossiers.rendering.drafts import drafts_that_apply

from .archetypes import ARCHETYPES
from .documents import DRAFTS, advice_of, docx_of, docx_part, docx_text, pdf_pages, rendered

DRAFT_LABEL = "DRAFT prepared with ATMP Advisor"
# Sections that hold only what the advisor knows for certain, or how to send the request.
COMPLETE_SECTIONS = {"How to send it", "Notes", "7. The question to the Tissue Reference Group",
                     "6. What the assessment found"}


def sections(data: bytes) -> dict[str, str]:
    """The text under each top-level heading (tables included, in document order)."""
    document = docx_of(data)
    body = document.element.body
    out: dict[str, list[str]] = {}
    current = None
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    for child in body.iterchildren():
        if child in paragraphs:
            paragraph = paragraphs[child]
            if paragraph.style.name == "Heading 1":
                current = paragraph.text
                out[current] = []
            elif current:
                out[current].append(paragraph.text)
        elif child in tables and current:
            out[current] += [cell.text for row in tables[child].rows for cell in row.cells]
    return {title: "\n".join(texts) for title, texts in out.items()}


@pytest.mark.parametrize("kind", DRAFTS)
@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_every_draft_is_labelled_and_marks_what_is_missing_in_each_section(archetype, kind):
    data = rendered(archetype, kind, "docx")
    assert DRAFT_LABEL in docx_of(data).paragraphs[0].text
    assert DRAFT_LABEL in docx_part(data, "word/header1.xml")  # on every page
    found = sections(data)
    assert len(found) >= 4
    for title, text in found.items():
        if title in COMPLETE_SECTIONS or (title == "1. The national route" and "Authority" in text):
            continue
        assert "Still missing" in text, f"{kind}: section {title!r} says nothing of what is missing"


@pytest.mark.parametrize("kind", DRAFTS)
def test_a_draft_also_prints_as_a_labelled_pdf(kind):
    pages = pdf_pages(rendered("combined_tep", kind, "pdf"))
    assert DRAFT_LABEL in pages[0]
    assert "Still missing" in " ".join(pages)


def test_the_cat_request_follows_the_sections_of_emas_form_and_is_prefilled():
    found = sections(rendered("combined_tep", "cat_request", "docx"))
    assert list(found)[:6] == ["Information on the request", "Proposed summary for public release",
                               "1. Scientific aspects", "2. Medical aspects", "3. Regulatory and legal aspects",
                               "How to send it"]
    info = found["Information on the request"]
    assert "ChondroMem" in info and "Cartilage defects of the knee" in info
    assert "Tissue-engineered product (TEP), combined ATMP" in info
    assert "Autologous" in found["1. Scientific aspects"]  # the cell origin, from the answers
    assert "atmpclassification@ema.europa.eu" in found["How to send it"]


def test_the_rfd_outline_follows_21_cfr_3_7():
    found = sections(rendered("combined_tep", "rfd", "docx"))
    titles = list(found)
    assert titles[:3] == ["1. The sponsor (21 CFR 3.7(c)(1))", "2. The product (21 CFR 3.7(c)(2))",
                          "3. The sponsor's recommendation (21 CFR 3.7(c)(3))"]
    text = docx_text(rendered("combined_tep", "rfd", "docx"))
    assert "must not exceed 15 pages" in text
    assert "Modes of action and the primary mode of action" in text


def test_the_trg_inquiry_walks_the_four_criteria_of_1271_10():
    text = docx_text(rendered("amniotic_membrane", "trg_inquiry", "docx"))
    assert "Section 361 HCT/P" in text
    assert "Structural tissue" in text  # the tissue type, from the answers
    assert "Tissue Reference Group" in text


def test_the_hospital_exemption_outline_names_the_national_route_and_authority():
    found = sections(rendered("hospital_msc", "he_application", "docx"))
    route = found["1. The national route"]
    assert "Germany" in route and "Paul-Ehrlich-Institut (PEI)" in route and "§ 4b" in route
    assert "Still missing" not in route
    conditions = found["4. The conditions of Art 3(7), one by one"]
    assert "Prepared on a non-routine basis" in conditions


def test_without_a_member_state_the_outline_asks_for_it():
    found = sections(rendered("gene_therapy", "he_application", "docx"))
    assert "Still missing" in found["1. The national route"]


@pytest.mark.parametrize(("archetype", "expected"), [
    ("gene_therapy", ["cat_request", "he_application"]),  # a settled 351 biologic: no RFD, no TRG
    ("combined_tep", ["cat_request", "rfd", "trg_inquiry", "he_application"]),
    ("amniotic_membrane", ["cat_request", "trg_inquiry"]),  # a 361 question; no hospital exemption
    ("hospital_msc", ["cat_request", "he_application"]),  # the hospital exemption is the only goal
])
def test_drafts_are_offered_where_they_apply(archetype, expected):
    assert drafts_that_apply(ARCHETYPES[archetype][0], advice_of(archetype)) == expected
