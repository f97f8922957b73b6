"""PDF benchmark: the CAR-T classification memo (median of several renders, content model
included) beside WeasyPrint rendering a blank page, the dossier, the Word memo, and each agency
draft (DOCX, the format the result page offers, and PDF)."""

from __future__ import annotations

import io
import statistics
import time
from datetime import date


def _median(fn, runs: int) -> float:
    fn()  # warm up: fonts and templates load once per process
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def run(runs: int = 7) -> dict:
    from pypdf import PdfReader
    from weasyprint import HTML

    from dossiers.rendering.content import People
    from dossiers.rendering.drafts import DRAFT_KINDS
    from dossiers.services import render_bytes
    from pathways.rules import advise
    from tests.dossiers.archetypes import COMBINED_TEP, GENE_THERAPY

    issued = date(2026, 6, 1)
    people = People(issued=issued, organisation_name="Bench", author="bench", client="Bench client")
    advice = advise(GENE_THERAPY, as_of=issued)
    tep_advice = advise(COMBINED_TEP, as_of=issued)

    def render(kind: str, fmt: str, document=GENE_THERAPY, advice=advice) -> bytes:
        return render_bytes(kind=kind, fmt=fmt, document=document, advice=advice, people=people)

    memo = render("memo", "pdf")
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(memo)).pages]
    body_pages = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Appendix: the answers"))
    memo_s = _median(lambda: render("memo", "pdf"), runs)
    blank_s = _median(lambda: HTML(string="<p></p>").write_pdf(), runs)
    results = {
        "memo_median_s": round(memo_s, 3),
        "memo_pages": len(pages),
        "memo_body_pages": body_pages,
        "blank_median_s": round(blank_s, 4),
        "memo_to_blank_ratio": round(memo_s / blank_s, 1),
        "dossier_median_s": round(_median(lambda: render("dossier", "pdf"), 3), 3),
        "docx_median_s": round(_median(lambda: render("memo", "docx"), runs), 3),
        "budget_memo_median_s": 1.0,
        "budget_draft_median_s": 0.5,
    }
    # The combined TEP is offered every draft (its US lead centre is open); each as DOCX and PDF.
    for kind in DRAFT_KINDS:
        results[f"{kind}_docx_median_s"] = round(
            _median(lambda kind=kind: render(kind, "docx", COMBINED_TEP, tep_advice), runs), 3)
        results[f"{kind}_pdf_median_s"] = round(
            _median(lambda kind=kind: render(kind, "pdf", COMBINED_TEP, tep_advice), 3), 3)
    return results
