"""Memo v2 and the dossier as PDF: content in words, A4, page numbers, the decision diagram,
citations as notes, no near-empty last page, embedded JSON, PDF/A-3b, injection safety,
determinism, and the CAR-T memo body within five pages."""

import io
import json
import re

import pytest
from pypdf import PdfReader

from classification.rules.ruleset import RULESET_VERSION
from dossiers.rendering.pdf import render_pdf
from dossiers.rendering.url_fetcher import AppFilesFetcher

from .archetypes import ARCHETYPES, GENE_THERAPY
from .documents import A4_POINTS, KINDS, PEOPLE, advice_of, content, pdf_pages, raw_ids_in, rendered

URL = re.compile(r"https?://")


def body_pages(pages: list[str]) -> list[str]:
    """The pages before the appendix of answers."""
    end = next(i for i, text in enumerate(pages) if text.startswith("Appendix: the answers"))
    return pages[:end]


def running_text(pages: list[str]) -> str:
    """The body without its notes (the notes are the only place a URL may appear)."""
    text = " ".join(body_pages(pages))
    return text.split(" Notes 1. ", 1)[0] if " Notes 1. " in text else text.rsplit(" Notes ", 1)[0]


@pytest.mark.parametrize("kind", ["memo", "dossier"])
@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_the_pdf_states_the_outcome_in_words_with_its_sources_as_notes(archetype, kind):
    _, category, citation = ARCHETYPES[archetype]
    pages = pdf_pages(rendered(archetype, kind, "pdf"))
    text = " ".join(pages)
    assert category in text
    assert citation in text  # in a note
    assert "not a regulatory decision" in text
    assert f"Ruleset {RULESET_VERSION}" in text or f"ruleset {RULESET_VERSION}" in text
    assert "1. Summary" in text and "Appendix: the answers" in text
    assert "Alice Example" in text and "Acme Bio" in text and "Rita Reviewer" in text
    assert not URL.search(running_text(pages)), "a URL in the running text instead of a note"
    assert URL.search(text), "the notes give the sources' addresses"
    assert raw_ids_in(text) == []
    if kind == "dossier":
        assert "CAT classification request" in text and "hospital-exemption application" in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_a4_and_numbered(kind):
    pdf = rendered("combined_tep", kind, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    pages = pdf_pages(pdf)
    for number, page in enumerate(reader.pages, start=1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
        assert f"Page {number} of {len(reader.pages)}" in pages[number - 1]


@pytest.mark.parametrize("archetype", sorted(ARCHETYPES))
def test_no_page_holds_only_the_disclaimer(archetype):
    advisory = " ".join(advice_of(archetype)["advisory"].split())
    for kind in KINDS:
        for text in pdf_pages(rendered(archetype, kind, "pdf")):
            rest = text.replace(advisory, "")
            rest = re.sub(r"(Classification memo|Regulatory dossier|Draft) · .*? Page \d+ of \d+", "", rest).strip()
            assert len(rest) > 200, f"a near-empty page in the {kind}: {text[:200]!r}"


def test_the_car_t_memo_body_is_at_most_five_pages():
    pages = pdf_pages(rendered("gene_therapy", "memo", "pdf"))
    assert 1 <= len(body_pages(pages)) <= 5, len(body_pages(pages))


def test_the_summary_says_in_sentences_what_the_product_is_and_what_to_do_next():
    pages = pdf_pages(rendered("gene_therapy", "memo", "pdf"))
    summary = " ".join(pages).split("1. Summary", 1)[1].split("2. How the answers decide", 1)[0]
    assert "In the European Union the product is classified as: Gene therapy medicinal product (GTMP)." in summary
    assert "In the United States it is: Section 351 biological product" in summary
    assert "hospital exemption" in summary
    assert "The pathways that serve every goal (none was chosen) are led by" in summary
    next_step = summary.split("Next:", 1)[1]
    assert re.search(r"now \(June 2026\).*from [A-Z][a-z]+ 20\d\d", next_step), next_step  # what to do, with dates


def test_the_memo_shows_both_decision_diagrams_with_their_text():
    doc = content("combined_tep", "memo")
    diagrams = [block["diagram"] for block in doc["blocks"] if block["type"] == "diagram"]
    assert [d["title"] for d in diagrams] == ["EU classification: how the answers decide",
                                              "US status: how the answers decide"]
    pdf = rendered("combined_tep", "memo", "pdf")
    text = " ".join(pdf_pages(pdf))
    assert "Is the main purpose to regenerate, repair or replace a human tissue? yes" in text
    assert "Tissue-engineered product (TEP), combined ATMP" in text
    # The SVG is drawn as vector paths, not pasted as a picture.
    first_pages = PdfReader(io.BytesIO(pdf)).pages[:2]
    assert sum(len(page.images) for page in first_pages) == 0
    assert any(b" re" in page.get_contents().get_data() or b" l\n" in page.get_contents().get_data()
               for page in first_pages)


def test_citations_are_numbered_notes_listed_once_per_source():
    doc = content("gene_therapy", "memo")
    numbers = [note["number"] for note in doc["notes"]]
    assert numbers == list(range(1, len(numbers) + 1))
    sources = [(n["instrument"], n["provision"], n["url"]) for n in doc["notes"]]
    assert len(sources) == len(set(sources))
    cited = [part["note"] for block in doc["blocks"] if block["type"] == "list"
             for item in block["items"] for part in item if "note" in part]
    assert cited and set(cited) <= set(numbers)
    text = " ".join(pdf_pages(rendered("gene_therapy", "memo", "pdf")))
    assert "(rules EU-CLS-" in text or "(rule EU-CLS-" in text  # rule ids beside the source, in the note


def test_numbers_read_as_numbers_in_the_appendix():
    text = " ".join(pdf_pages(rendered("amniotic_membrane", "memo", "pdf")))
    assert "30,000 people" in text and "3 in 10,000 people" in text
    assert "30000" not in text and "3.0 per" not in text


def test_the_pdf_embeds_the_answers_and_the_advice_as_json():
    pdf = rendered("gene_therapy", "memo", "pdf")
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert json.loads(attachments["advice.json"][0]) == json.loads(json.dumps(advice_of("gene_therapy")))
    assert json.loads(attachments["answers.json"][0]) == GENE_THERAPY


def test_the_pdf_declares_pdf_a_3b():
    pdf = rendered("gene_therapy", "memo", "pdf")
    xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in xmp and "3" in xmp.split("pdfaid:part", 1)[1][:6]
    assert "B" in xmp.split("pdfaid:conformance", 1)[1][:6]


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_answers_and_ruleset_give_identical_bytes(kind):
    from dossiers.services import render_bytes

    again = render_bytes(kind=kind, fmt="pdf", document=GENE_THERAPY, advice=advice_of("gene_therapy"), people=PEOPLE)
    assert again == rendered("gene_therapy", kind, "pdf")


def test_injected_markup_reads_no_file_sends_no_request_and_shows_as_text():
    from pathways.rules import advise

    from .documents import ISSUED

    hostile = json.loads(json.dumps(GENE_THERAPY))
    hostile["product"]["description"] = (
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> '
        "<script>document.title='pwned'</script>"
    )
    advice = advise(hostile, as_of=ISSUED)
    from dossiers.rendering.content import memo_content

    fetcher = AppFilesFetcher()
    pdf = render_pdf(memo_content(document=hostile, advice=advice, people=PEOPLE), document=hostile, advice=advice,
                     fetcher=fetcher)
    assert fetcher.refused == []  # the markup was escaped, so nothing even tried to load
    assert all(url.startswith("https://atmp-advisor.invalid/static/") for url in fetcher.served)
    text = " ".join(pdf_pages(pdf))
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
