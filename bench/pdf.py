"""PDF benchmark: the classification memo (median of several renders) beside WeasyPrint rendering a
blank page, and the DOCX memo."""

from __future__ import annotations

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
    from weasyprint import HTML

    from dossiers.rendering.context import memo_context
    from dossiers.rendering.docx import render_docx
    from dossiers.rendering.pdf import render_pdf
    from pathways.rules import advise
    from tests.dossiers.archetypes import GENE_THERAPY

    issued = date(2026, 6, 1)
    advice = advise(GENE_THERAPY, as_of=issued)
    memo = memo_context(document=GENE_THERAPY, advice=advice, organisation_name="Bench", prepared_by="bench",
                        issued=issued)
    dossier = memo_context(document=GENE_THERAPY, advice=advice, kind="dossier", issued=issued)
    pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(
        render_pdf(memo, document=GENE_THERAPY, advice=advice))).pages)
    return {
        "memo_median_s": round(_median(lambda: render_pdf(memo, document=GENE_THERAPY, advice=advice), runs), 3),
        "memo_pages": pages,
        "dossier_median_s": round(_median(lambda: render_pdf(dossier, document=GENE_THERAPY, advice=advice), 3), 3),
        "blank_median_s": round(_median(lambda: HTML(string="<p></p>").write_pdf(), runs), 3),
        "docx_median_s": round(_median(lambda: render_docx(memo), runs), 3),
        "budget_memo_median_s": 1.5,
    }
