"""The same answers and ruleset give the same bytes, whatever the clock, the process or the machine's
fonts: the sha256 on an export is only worth something if a re-render can reproduce it."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from dossiers.rendering.content import memo_content
from dossiers.rendering.pdf import render_pdf
from pathways.rules import advise

from .archetypes import COMBINED_TEP, GENE_THERAPY
from .documents import ISSUED, PEOPLE

ROOT = Path(__file__).resolve().parents[2]


def context_for(document, kind="memo"):
    advice = advise(document, as_of=ISSUED)
    return advice, memo_content(document=document, advice=advice, kind=kind, people=PEOPLE)


def embedded_fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }


def test_the_pdf_embeds_only_the_source_sans_3_family():
    for kind in ("memo", "dossier"):
        advice, context = context_for(COMBINED_TEP, kind)
        reader = PdfReader(io.BytesIO(render_pdf(context, document=COMBINED_TEP, advice=advice)))
        fonts = embedded_fonts(reader)
        # A system font (monospace, a fallback) would make the bytes depend on the machine.
        assert fonts and all(name.startswith("Source-Sans-3") for name in fonts), fonts


def test_names_in_any_official_eu_script_print_in_source_sans_3():
    name = "Łódź CAR-T — Ελληνικά Български"
    document = {**COMBINED_TEP, "product": {**COMBINED_TEP["product"], "name": name, "description": "Źródło; Клетки"}}
    advice, context = context_for(document)
    reader = PdfReader(io.BytesIO(render_pdf(context, document=document, advice=advice)))
    assert name in reader.pages[0].extract_text()
    fonts = embedded_fonts(reader)
    assert all(name.startswith("Source-Sans-3") for name in fonts), fonts
    assert {"Source-Sans-3-Ext", "Source-Sans-3-Greek-Bold", "Source-Sans-3-Cyrillic-Bold"} <= fonts, fonts


def test_two_processes_with_different_hash_seeds_render_the_same_pdf(tmp_path):
    source = tmp_path / "car-t.json"
    source.write_text(json.dumps(GENE_THERAPY))
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"memo-{seed}.pdf"
        result = subprocess.run(
            [sys.executable, "manage.py", "export_memo", str(source), "--out", str(out), "--as-of", "2026-06-01"],
            cwd=ROOT, capture_output=True, text=True, timeout=180,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "atmp_advisor.test_settings", "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]

