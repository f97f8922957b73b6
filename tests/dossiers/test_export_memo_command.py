import json
import subprocess
import sys
from pathlib import Path

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
    text = " ".join(PdfReader(out).pages[1].extract_text().split())
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
