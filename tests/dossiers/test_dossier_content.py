"""What the dossier adds to the memo (criteria, roadmap, checklists) in both formats, the
organisation's logo on the first page, obligations shown apart from the options, assumptions and
open questions in words, and a dossier that still renders when the pathway engine leaves its
optional keys out."""

import base64
import copy
import io

from pypdf import PdfReader

from dossiers.rendering.content import People, answers_appendix, memo_content
from dossiers.rendering.docx import render_docx
from dossiers.rendering.pdf import render_pdf
from dossiers.rendering.url_fetcher import BASE_URL, AppFilesFetcher
from pathways.rules import advise

from .archetypes import GENE_THERAPY
from .documents import ISSUED, PEOPLE, advice_of, content, docx_of, docx_text, pdf_pages, rendered

# A 1×1 PNG: enough for WeasyPrint to place an image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_the_dossier_pdf_has_criteria_roadmap_and_checklists():
    advice = advice_of("gene_therapy")
    rmat = next(p for p in advice["pathways"] if p["id"] == "US_RMAT")
    text = " ".join(pdf_pages(rendered("gene_therapy", "dossier", "pdf")))
    assert "8. Pathway criteria" in text and "9. Roadmap" in text and "10. Checklists" in text
    assert " ".join(rmat["criteria"][0]["text"].split()) in text
    assert "Unknown: evidence needed" in text or "Met" in text
    assert " ".join(rmat["missing_evidence"][0].split()) in text
    assert "RMAT or Breakthrough Therapy designation request" in text
    assert "(rule EU-CLS-11)" in text  # the checklist's rule, beside its source in the note
    assert "[from a secondary source, not yet checked against the official text]" in text
    assert "Optional: the EU classification looks settled" in text


def test_the_dossier_docx_has_the_same_sections():
    document = docx_of(rendered("gene_therapy", "dossier", "docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("1. Summary", "3. Reasoning", "4. Options: pathways that serve the goals", "8. Pathway criteria",
                    "9. Roadmap", "10. Checklists", "Appendix: the answers"):
        assert heading in headings


def test_obligations_are_shown_apart_from_the_options():
    doc = content("gene_therapy", "memo")
    headings = [b["text"] for b in doc["blocks"] if b["type"] == "heading"]
    options = headings.index("4. Options: pathways that serve the goals")
    obligations = headings.index("5. Obligations: what the product must do in any case")
    assert options < obligations
    text = docx_text(rendered("gene_therapy", "memo", "docx"))
    centralised = next(o for o in advice_of("gene_therapy")["obligations"] if o["id"] == "EU-PWY-1")
    assert centralised["title"] in text.split("5. Obligations", 1)[1]
    assert centralised["title"] not in text.split("4. Options", 1)[1].split("5. Obligations", 1)[0]


def test_only_the_pathways_of_the_goals_ticked_are_offered():
    document = copy.deepcopy(GENE_THERAPY)
    document["answers"]["goals"] = ["us_licence"]
    advice = advise(document, as_of=ISSUED)
    doc = memo_content(document=document, advice=advice, people=PEOPLE)
    table = next(b for b in doc["blocks"] if b["type"] == "table" and b["header"]
                 and b["header"][0] == "Pathway")
    assert {row[1][0]["text"] for row in table["rows"]} == {"US"}


def test_assumptions_and_open_questions_read_as_words():
    document = copy.deepcopy(GENE_THERAPY)
    document["answers"]["transgene_role"] = "unknown"
    advice = advise(document, as_of=ISSUED)
    assert advice["eu"]["category"] == "undetermined" and advice["eu"]["provisional"]
    text = " ".join(pdf_pages(render_pdf(memo_content(document=document, advice=advice, people=PEOPLE),
                                         document=document, advice=advice)))
    section = text.split("6. Assumptions and open questions", 1)[1].split("7. What to do next", 1)[0]
    assert "We assumed the answer" in section
    assert "Open questions that change the EU classification" in section
    assert "transgene_role" not in text
    assert "Under the answers most such products have, it would be Gene therapy medicinal product (GTMP)" in text


def test_a_dossier_without_the_optional_pathway_keys_still_renders():
    bare = copy.deepcopy(advice_of("gene_therapy"))
    for pathway in bare["pathways"]:
        for key in ("criteria", "missing_evidence", "when_to_request", "response_clock", "name", "serves_goals"):
            pathway.pop(key, None)
    bare.pop("roadmap", None)
    bare.pop("obligations", None)
    doc = memo_content(document=GENE_THERAPY, advice=bare, kind="dossier", people=PEOPLE)
    text = " ".join(pdf_pages(render_pdf(doc, document=GENE_THERAPY, advice=bare)))
    assert "No pathway criteria in this ruleset version." in text
    assert "there is no roadmap" in text
    assert "US_RMAT" in text  # the id stands in for the missing name
    headings = [p.text for p in docx_of(render_docx(doc)).paragraphs if p.style.name.startswith("Heading")]
    assert "9. Roadmap" in headings


def test_the_first_page_shows_the_logo_from_media_through_the_fetcher(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "helix.png").write_bytes(PNG)
    advice = advice_of("gene_therapy")
    fetcher = AppFilesFetcher()
    people = People(issued=ISSUED, organisation_name="Helix", logo_url=f"{settings.MEDIA_URL}logos/helix.png")
    pdf = render_pdf(memo_content(document=GENE_THERAPY, advice=advice, people=people), document=GENE_THERAPY,
                     advice=advice, fetcher=fetcher)
    assert f"{BASE_URL}media/logos/helix.png" in fetcher.served and fetcher.refused == []
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_the_appendix_lists_given_answers_and_counts_the_blank_ones():
    document = copy.deepcopy(GENE_THERAPY)
    document["answers"]["condition_severity"] = "unknown"
    appendix, unanswered = answers_appendix(document["answers"])
    rows = {row["question"]: row["answer"] for section in appendix for row in section["rows"]}
    assert rows["How serious is the condition the product is meant for?"] == "I don't know"
    assert "Not answered" not in rows.values()
    assert unanswered > 0
    advice = advise(document, as_of=ISSUED)
    doc = memo_content(document=document, advice=advice, people=PEOPLE)
    text = " ".join(pdf_pages(render_pdf(doc, document=document, advice=advice)))
    assert f"{unanswered} questions the wizard asks for this product were not answered" in text
    assert f"{unanswered} questions the wizard asks for this product were not answered" in docx_text(render_docx(doc))
