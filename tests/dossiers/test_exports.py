"""Export jobs through the web: request, status, download, retry, permissions (tasks run eagerly)."""

import pytest
from django.urls import reverse

from dossiers.models import Export
from dossiers.services import export_render, export_request

from .archetypes import COMBINED_TEP

pytestmark = pytest.mark.django_db


def request_export(client, assessment, kind="memo", fmt="pdf", capture=None):
    with capture(execute=True):
        return client.post(reverse("export-create", args=[assessment.pk]), {"kind": kind, "format": fmt})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FILE_KINDS = {"memo": "classification-memo", "dossier": "regulatory-dossier",
              "cat_request": "cat-classification-request-draft", "he_application": "hospital-exemption-application-draft"}


@pytest.mark.parametrize(("kind", "fmt", "content_type"), [
    ("memo", "pdf", "application/pdf"),
    ("memo", "docx", DOCX),
    ("dossier", "pdf", "application/pdf"),
    ("cat_request", "docx", DOCX),
    ("he_application", "docx", DOCX),
])
def test_an_export_is_rendered_and_downloaded(alice_client, assessment, kind, fmt, content_type,
                                              django_capture_on_commit_callbacks):
    response = request_export(alice_client, assessment, kind, fmt, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert response.url == reverse("export-detail", args=[export.pk])
    assert export.status == "done" and len(export.sha256) == 64
    assessment.refresh_from_db()
    assert export.ruleset_version and export.answers_hash == assessment.answers_hash
    download = alice_client.get(reverse("export-download", args=[export.pk]))
    assert download["Content-Type"] == content_type
    assert f"car-t-19-{FILE_KINDS[kind]}" in download["Content-Disposition"]
    assert download["Content-Disposition"].endswith(f'.{fmt}"')


def test_the_status_page_refreshes_itself_while_queued(alice_client, assessment, alice):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)  # not yet run
    html = alice_client.get(reverse("export-detail", args=[export.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html


def test_the_export_runs_once_even_when_delivered_twice(assessment, alice):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    export_render(export_id=export.pk)
    first = Export.objects.get(pk=export.pk)
    export_render(export_id=export.pk)
    second = Export.objects.get(pk=export.pk)
    assert first.attempts == second.attempts == 1 and first.sha256 == second.sha256


def test_a_failure_keeps_its_message_and_can_be_retried(alice_client, assessment, alice, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)

    def broken(*args, **kwargs):
        raise RuntimeError("font missing")

    monkeypatch.setattr("dossiers.services.render_pdf", broken)
    export_render(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == "failed" and "font missing" in export.error
    html = alice_client.get(reverse("export-detail", args=[export.pk])).content.decode()
    assert "font missing" in html and "Retry" in html
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("export-retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == "done" and export.error == ""


def test_another_organisations_export_is_a_404(bob_client, assessment, alice):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    export_render(export_id=export.pk)
    for name in ("export-detail", "export-download"):
        assert bob_client.get(reverse(name, args=[export.pk])).status_code == 404
    assert bob_client.post(reverse("export-create", args=[assessment.pk]), {"kind": "memo", "format": "pdf"}).status_code == 404


def test_anonymous_users_are_sent_to_login(client, assessment, alice):
    export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    response = client.get(reverse("export-download", args=[export.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_viewers_cannot_request_exports(viewer_client, assessment):
    response = viewer_client.post(reverse("export-create", args=[assessment.pk]), {"kind": "memo", "format": "pdf"})
    assert response.status_code == 403


def test_the_result_page_offers_the_export_menu(alice_client, assessment):
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert reverse("export-create", args=[assessment.pk]) in html and "Dossier (PDF)" in html
    # A settled 351 biologic with no device: the CAT request is offered, the RFD outline is not.
    assert 'value="cat_request"' in html and 'value="rfd"' not in html


def test_the_result_page_offers_the_rfd_outline_while_the_lead_centre_is_open(alice_client, assessment):
    assessment.answers = dict(COMBINED_TEP["answers"])
    assessment.save()
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert 'value="rfd"' in html and "Pre-RFD / RFD outline (Word draft)" in html


def test_the_result_page_shows_the_decision_diagram_with_its_text(alice_client, assessment):
    html = alice_client.get(reverse("assessment-result", args=[assessment.pk])).content.decode()
    assert '<svg class="decision-diagram"' in html and "The path as text" in html
    assert "EU classification: how the answers decide" in html


def test_an_unknown_export_kind_is_refused_with_a_message(alice_client, assessment):
    response = alice_client.post(reverse("export-create", args=[assessment.pk]), {"kind": "nonsense", "format": "pdf"})
    assert response.status_code == 302 and not Export.objects.exists()
