import json
import subprocess
import sys
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from .archetypes import COMBINED_TEP

ROOT = Path(__file__).resolve().parents[2]


def export_memo(*args):
    return subprocess.run([sys.executable, "manage.py", "export_memo", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


def test_it_renders_a_pdf_from_an_answers_file_without_the_database(tmp_path):
    source = tmp_path / "tep.json"
    source.write_text(json.dumps(COMBINED_TEP))
    out = tmp_path / "memo.pdf"
    result = export_memo(str(source), "--out", str(out), "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Tissue-engineered product (TEP)" in text


def test_it_renders_a_docx_dossier(tmp_path):
    source = tmp_path / "tep.json"
    source.write_text(json.dumps(COMBINED_TEP))
    out = tmp_path / "dossier.docx"
    result = export_memo(str(source), "--out", str(out), "--format", "docx", "--kind", "dossier")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_invalid_input_names_the_field_and_exits_2(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(json.dumps({"schema_version": "1", "answers": {"cells_viable": "alive"}}))
    result = export_memo(str(source), "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "/answers/cells_viable" in result.stderr and "Traceback" not in result.stderr


def test_it_renders_each_agency_draft_beside_the_answers_file_by_default(tmp_path):
    source = tmp_path / "tep.json"
    source.write_text(json.dumps(COMBINED_TEP))
    result = export_memo(str(source), "--kind", "rfd", "--format", "docx", "--as-of", "2026-06-01",
                         "--client", "Acme Bio", "--author", "Alice Example")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "tep-rfd.docx"
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "DRAFT prepared with ATMP Advisor" in text and "21 CFR 3.7" in text


def test_an_unknown_kind_is_refused(tmp_path):
    source = tmp_path / "tep.json"
    source.write_text(json.dumps(COMBINED_TEP))
    result = export_memo(str(source), "--kind", "letter")
    assert result.returncode == 2 and "--kind" in result.stderr
