"""Finding 4: a logo is re-encoded and capped in bytes and pixels, so it cannot exhaust a worker."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import logos
from accounts.models import Organisation

pytestmark = pytest.mark.django_db


def image_file(size=(400, 100), fmt="PNG", mode="RGB", trailer=b"", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "navy").save(buffer, fmt, **save)
    return buffer.getvalue() + trailer


def upload(client, data: bytes, name="logo.png"):
    return client.post(reverse("organisation-settings"), {"name": "Helix", "logo": SimpleUploadedFile(name, data)})


def stored_bytes(organisation) -> bytes:
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as fh:
        return fh.read()


def test_a_small_file_of_huge_dimensions_is_refused_naming_the_field(alice_client, organisation):
    data = image_file((12_000, 12_000), mode="1")  # a few KB on disk, 144 million pixels
    assert len(data) < 50_000
    response = upload(alice_client, data)
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_logo"' in html
    assert "too many pixels" in html or "12,000" in html
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_logo_past_the_pixel_cap_is_refused_with_its_size(alice_client, organisation):
    response = upload(alice_client, image_file((2500, 2000)))
    assert "The logo is 2,500 \u00d7 2,000 pixels" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_logo_larger_than_a_megabyte_is_refused(alice_client, organisation):
    noisy = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11719 + bytes(236))
    buffer = io.BytesIO()
    noisy.save(buffer, "PNG", compress_level=0)
    response = upload(alice_client, buffer.getvalue())
    assert "larger than 1 MB" in response.content.decode()


def test_a_trailing_chunk_is_dropped(alice_client, organisation):
    response = upload(alice_client, image_file(trailer=b"<script>alert(document.cookie)</script>"))
    assert response.status_code == 302
    data = stored_bytes(organisation)
    assert b"script" not in data and data.endswith(b"IEND\xaeB`\x82")


def test_text_chunks_and_exif_are_dropped(alice_client, organisation):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<svg onload=alert(1)>")
    response = upload(alice_client, image_file(pnginfo=info))
    assert response.status_code == 302
    assert b"onload" not in stored_bytes(organisation)


def test_a_large_logo_is_stored_shrunk_to_fit(alice_client, organisation):
    assert upload(alice_client, image_file((2000, 500))).status_code == 302
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as fh:
        assert Image.open(fh).size == (logos.STORED_SIDE, 300)


def test_a_jpeg_stays_a_jpeg_and_the_name_is_ours(alice_client, organisation):
    assert upload(alice_client, image_file(fmt="JPEG"), name="../../etc/evil name.jpeg").status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/logo") and organisation.logo.name.endswith(".jpg")
    assert Image.open(io.BytesIO(stored_bytes(organisation))).format == "JPEG"


@pytest.mark.parametrize(("data", "name"), [
    (image_file(fmt="GIF"), "logo.gif"),
    (image_file(fmt="GIF"), "logo.png"),
    (image_file()[:60], "logo.png"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg"),
])
def test_what_is_not_a_whole_png_or_jpeg_is_refused_and_the_old_logo_kept(alice_client, organisation, data, name):
    assert upload(alice_client, image_file()).status_code == 302
    organisation.refresh_from_db()
    current = organisation.logo.name
    response = upload(alice_client, data, name=name)
    assert response.status_code == 200 and 'href="#id_logo"' in response.content.decode()
    assert Organisation.objects.get(pk=organisation.pk).logo.name == current


def test_the_pdf_of_an_organisation_with_a_logo_renders(alice_client, organisation, alice,
                                                        django_capture_on_commit_callbacks):
    from assessments.services import assessment_create
    from dossiers.models import Export
    from dossiers.services import export_request
    from tests.products import CAR_T

    assert upload(alice_client, image_file((1600, 400))).status_code == 302
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(CAR_T)
    assessment.save()
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(assessment=assessment, kind="memo", fmt="pdf", user=alice)
    assert Export.objects.get(pk=export.pk).status == "done"
