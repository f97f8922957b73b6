"""What the dossier adds to the memo (criteria checklists, roadmap, checklists) in both formats, the
organisation's logo on the cover, and a dossier that still renders when the pathway engine leaves
its optional keys out."""

import base64
import copy
import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from dossiers.rendering.context import memo_context
from dossiers.rendering.docx import render_docx
from dossiers.rendering.pdf import render_pdf
from dossiers.rendering.url_fetcher import BASE_URL, AppFilesFetcher
from pathways.rules import advise

from .archetypes import GENE_THERAPY

ISSUED = date(2026, 6, 1)
# A 1×1 PNG: enough for WeasyPrint to place an image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def advice():
    return advise(GENE_THERAPY, as_of=ISSUED)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def docx_text(content: bytes) -> tuple[list[str], str]:
    docx = Document(io.BytesIO(content))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    text = "\n".join([p.text for p in docx.paragraphs] + [
        cell.text for table in docx.tables for row in table.rows for cell in row.cells
    ])
    return headings, text


def test_the_dossier_pdf_has_criteria_roadmap_and_checklists(advice):
    rmat = next(p for p in advice["pathways"] if p["id"] == "US_RMAT")
    milestone = advice["roadmap"][0]
    context = memo_context(document=GENE_THERAPY, advice=advice, kind="dossier", issued=ISSUED)
    text = pdf_text(render_pdf(context, document=GENE_THERAPY, advice=advice))
    assert "5. Pathway criteria" in text and "6. Roadmap" in text and "7. Checklists" in text
    assert " ".join(rmat["criteria"][0]["text"].split()) in text
    assert "Unknown: evidence needed" in text or "Met" in text
    assert " ".join(rmat["missing_evidence"][0].split()) in text
    assert milestone["label"] in text and "Review clock" in text
    assert "RMAT or Breakthrough Therapy designation request" in text
    assert "EU-CLS-11 · Regulation (EC) No 1394/2007, Art 17" in text
    assert "[S: secondary source]" in text
    assert "Optional: the EU classification looks settled" in text


def test_the_dossier_docx_has_the_same_sections(advice):
    context = memo_context(document=GENE_THERAPY, advice=advice, kind="dossier", issued=ISSUED)
    headings, text = docx_text(render_docx(context))
    for heading in ("1. Executive summary", "2. Reasoning", "3. Pathways", "5. Pathway criteria", "6. Roadmap",
                    "7. Checklists", "Appendix: the answers"):
        assert heading in headings
    assert advice["roadmap"][0]["label"] in text


def test_the_executive_summary_leads_with_eligible_pathways(advice):
    context = memo_context(document=GENE_THERAPY, advice=advice, issued=ISSUED)
    statuses = [p["status"] for p in context["leading_pathways"]]
    assert statuses and statuses == sorted(statuses, key=["eligible", "potentially_eligible"].index)
    if any(p["status"] == "eligible" for p in advice["pathways"]):
        assert statuses[0] == "eligible"


def test_a_dossier_without_the_optional_pathway_keys_still_renders(advice):
    bare = copy.deepcopy(advice)
    for pathway in bare["pathways"]:
        for key in ("criteria", "missing_evidence", "when_to_request", "response_clock", "name"):
            pathway.pop(key, None)
    bare.pop("roadmap", None)
    context = memo_context(document=GENE_THERAPY, advice=bare, kind="dossier", issued=ISSUED)
    text = pdf_text(render_pdf(context, document=GENE_THERAPY, advice=bare))
    assert "No pathway criteria in this ruleset version." in text
    assert "there is no roadmap" in text
    assert "US_RMAT" in text  # the id stands in for the missing name
    headings, _ = docx_text(render_docx(context))
    assert "6. Roadmap" in headings


def test_the_cover_shows_the_logo_from_media_through_the_fetcher(advice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "helix.png").write_bytes(PNG)
    fetcher = AppFilesFetcher()
    context = memo_context(document=GENE_THERAPY, advice=advice, issued=ISSUED, organisation_name="Helix",
                           logo_url=f"{settings.MEDIA_URL}logos/helix.png")
    pdf = render_pdf(context, document=GENE_THERAPY, advice=advice, fetcher=fetcher)
    assert f"{BASE_URL}media/logos/helix.png" in fetcher.served and fetcher.refused == []
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(cover.images) == 1


def test_the_appendix_lists_given_answers_and_counts_the_blank_ones(advice):
    document = copy.deepcopy(GENE_THERAPY)
    document["answers"]["condition_severity"] = "unknown"
    context = memo_context(document=document, advice=advice, issued=ISSUED)
    rows = {row["question"]: row["answer"] for section in context["appendix"] for row in section["rows"]}
    assert rows["What is the main claimed purpose of the cells or tissues?"].startswith("To treat, prevent or diagnose")
    assert rows["How serious is the condition the product is meant for?"] == "I don't know"
    assert "Not answered" not in rows.values()
    assert context["unanswered_count"] > 0
    text = pdf_text(render_pdf(context, document=document, advice=advice))
    assert f"{context['unanswered_count']} questions the wizard asks for this product were not answered" in text
    _, docx_body = docx_text(render_docx(context))
    assert f"{context['unanswered_count']} questions the wizard asks for this product were not answered" in docx_body
