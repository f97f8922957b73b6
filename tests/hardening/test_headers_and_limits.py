"""Finding 9: pages and downloads with client data are not cached; request bodies are capped in
size before anything reads them. Finding 7: a connection the database dropped is replaced."""

import pytest
from django.conf import settings as django_settings
from django.db import close_old_connections, connection
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import assessment_create
from dossiers.models import Export
from dossiers.services import export_request
from tests.products import CAR_T

from .conftest import require_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(CAR_T)
    assessment.save()
    return assessment


def is_private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


# ---- Cache-Control


def test_logged_in_pages_are_private_and_not_stored(alice_client, assessment):
    for url in (reverse("assessment-list"), reverse("assessment-review", args=[assessment.pk]),
                reverse("assessment-result", args=[assessment.pk]), reverse("organisation-settings"),
                reverse("assessment-question", args=[assessment.pk, "medicinal_purpose"])):
        response = alice_client.get(url)
        assert response.status_code == 200 and is_private(response), url


def test_redirects_and_errors_for_a_logged_in_user_are_private_too(alice_client, bob_client, assessment):
    assert is_private(alice_client.get(reverse("assessment-resume", args=[assessment.pk])))
    assert is_private(bob_client.get(reverse("assessment-review", args=[assessment.pk])))  # a 404


def test_the_json_download_is_private_and_not_stored(alice_client, assessment):
    response = alice_client.get(reverse("assessment-export-json", args=[assessment.pk]))
    assert response["Content-Type"] == "application/json" and is_private(response)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pdf_and_docx_downloads_are_private_and_not_stored(alice_client, assessment, alice, fmt,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(assessment=assessment, kind="memo", fmt=fmt, user=alice)
    assert Export.objects.get(pk=export.pk).status == "done"
    response = alice_client.get(reverse("export-download", args=[export.pk]))
    assert response.status_code == 200 and is_private(response)


def test_static_files_stay_cacheable(alice_client):
    response = alice_client.get(django_settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


# ---- request size


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(alice_client, settings, monkeypatch):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    read = []
    monkeypatch.setattr("django.http.request.HttpRequest.read", lambda self, *a: read.append(1) or b"")
    response = alice_client.post(reverse("assessment-create"), data=b"x" * (64 * 1024 + 1),
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert read == [] and not Assessment.objects.exists()


def test_a_request_within_the_limit_goes_through(alice_client, settings):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    response = alice_client.post(reverse("assessment-create"), {"product_name": "MSC-1", "description": "x" * 5000})
    assert response.status_code == 302


def test_form_fields_are_capped_in_memory(alice_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = alice_client.post(reverse("assessment-create"), {"product_name": "x" * 20_000})
    assert response.status_code == 400 and not Assessment.objects.exists()


def test_the_size_limits_are_set():
    assert django_settings.REQUEST_MAX_BYTES == 3 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


# ---- finding 7: connections the database dropped


def test_database_connections_are_health_checked_and_kept():
    config = django_settings.DATABASES["default"]
    assert config["CONN_HEALTH_CHECKS"] is True
    if config["ENGINE"] != "django.db.backends.sqlite3":
        assert config["CONN_MAX_AGE"] == 60


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_on_the_next_request():
    require_postgresql()
    import psycopg

    connection.ensure_connection()
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # kept alive between requests
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k in {"host", "port", "user", "password",
                                                                        "dbname"}}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    close_old_connections()  # what Django runs as each request starts
    assert Assessment.objects.count() == 0  # a fresh connection, not "server closed the connection"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
