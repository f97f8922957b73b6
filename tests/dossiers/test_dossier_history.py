"""The dossier carries the assessment's history (issue 16): a snapshot taken when it is requested,
printed as its last appendix and attached as history.json; the memo carries neither."""

import io
import json

import pytest
from pypdf import PdfReader

from assessments.services import assessment_answer
from dossiers.models import Export
from dossiers.services import export_render, export_request

from .documents import pdf_pages

pytestmark = pytest.mark.django_db


def rendered(export: Export) -> bytes:
    export_render(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    return export.file.read()


def test_a_dossier_prints_and_attaches_who_changed_what(assessment, alice):
    assessment_answer(assessment=assessment, user=alice, version=assessment.version,
                      question_id="development_stage", value="phase_2")
    export = export_request(assessment=assessment, kind="dossier", fmt="pdf", user=alice)
    events = export.history["events"]
    assert any(e["what"].startswith("Exported: Regulatory dossier") for e in events), "the dossier's own request is part of its history"
    pdf = rendered(export)
    history = json.loads(PdfReader(io.BytesIO(pdf)).attachments["history.json"][0])
    assert history == json.loads(json.dumps(export.history))
    text = " ".join(pdf_pages(pdf))
    assert "Appendix: the history of the assessment" in text and "alice" in text


def test_the_history_printed_is_the_snapshot_not_later_changes(assessment, alice):
    export = export_request(assessment=assessment, kind="dossier", fmt="pdf", user=alice)
    before = json.dumps(export.history, sort_keys=True)
    assessment.refresh_from_db()
    assessment_answer(assessment=assessment, user=alice, version=assessment.version,
                      question_id="development_stage", value="phase_3")
    export.refresh_from_db()
    assert json.dumps(export.history, sort_keys=True) == before


def test_a_memo_has_no_history(assessment, alice):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    assert export.history is None
    pdf = rendered(export)
    assert "history.json" not in PdfReader(io.BytesIO(pdf)).attachments
    assert "history of the assessment" not in " ".join(pdf_pages(pdf))
