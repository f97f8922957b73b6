"""Finding 8: stored files go with their rows, once the deletion or replacement is committed."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from accounts.models import Organisation
from assessments.services import assessment_create
from dossiers.models import Export
from dossiers.services import export_request
from tests.products import CAR_T

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(CAR_T)
    assessment.save()
    return assessment


@pytest.fixture
def rendered(assessment, alice, django_capture_on_commit_callbacks):
    """Two rendered exports of the assessment, with their files on disk."""
    with django_capture_on_commit_callbacks(execute=True):
        exports = [export_request(assessment=assessment, kind="memo", fmt=fmt, user=alice) for fmt in ("pdf", "docx")]
    paths = [Path(Export.objects.get(pk=e.pk).file.path) for e in exports]
    assert all(path.is_file() for path in paths)
    return paths


def png(colour="navy") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue())


def logo_path(organisation) -> Path:
    organisation.refresh_from_db()
    return Path(organisation.logo.path)


def test_deleting_an_assessment_deletes_its_export_files(alice_client, assessment, rendered,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("assessment-delete", args=[assessment.pk]))
    assert not Export.objects.exists()
    assert not any(path.exists() for path in rendered)


def test_a_rolled_back_deletion_keeps_the_files(assessment, rendered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            assessment.delete()
            raise RuntimeError("something failed after the delete")
    assert Export.objects.count() == 2
    assert all(path.is_file() for path in rendered)


def test_deleting_an_organisation_deletes_its_exports_and_logo(alice_client, organisation, rendered,
                                                               django_capture_on_commit_callbacks):
    alice_client.post(reverse("organisation-settings"), {"name": "Helix", "logo": png()})
    logo = logo_path(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.filter(pk=organisation.pk).delete()
    assert not logo.exists() and not any(path.exists() for path in rendered)


def test_a_replaced_logo_is_deleted_after_the_commit(alice_client, organisation, django_capture_on_commit_callbacks):
    alice_client.post(reverse("organisation-settings"), {"name": "Helix", "logo": png("navy")})
    first = logo_path(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("organisation-settings"), {"name": "Helix", "logo": png("teal")})
    second = logo_path(organisation)
    assert second != first and second.is_file() and not first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("organisation-settings"), {"name": "Helix", "clear_logo": "on"})
    organisation.refresh_from_db()
    assert not organisation.logo and not second.exists()


def test_saving_without_a_new_logo_keeps_the_file(alice_client, organisation, django_capture_on_commit_callbacks):
    alice_client.post(reverse("organisation-settings"), {"name": "Helix", "logo": png()})
    logo = logo_path(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("organisation-settings"), {"name": "Helix Bio"})
    assert logo_path(organisation) == logo and logo.is_file()
    assert Organisation.objects.get(pk=organisation.pk).name == "Helix Bio"


def test_a_file_already_gone_does_not_fail_the_deletion(alice_client, assessment, rendered,
                                                        django_capture_on_commit_callbacks):
    rendered[0].unlink()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("assessment-delete", args=[assessment.pk]))
    assert response.status_code == 302 and not rendered[1].exists()
