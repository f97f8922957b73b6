"""Personas of the API, beside those of tests/conftest.py (alice owns ``organisation``, victor
views it, bob owns ``other_organisation``):

- ``editor_key``, ``viewer_key``: keys of ``organisation``; ``other_key``: an editor key of
  ``other_organisation``; ``revoked_key``: an editor key of ``organisation``, revoked;
- ``api``: calls the API with a key (or none) and returns the response.
"""

import json

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client

from accounts import services as account_services
from assessments import services as assessment_services
from dossiers.models import Export
from tests.products import CAR_T


def car_t_document(name: str = "CAR-T 19") -> dict:
    return {"schema_version": "1", "product": {"name": name}, "answers": dict(CAR_T)}


def _key(organisation, role, *, revoked=False):
    key, token = account_services.api_key_create(organisation=organisation, name=f"{role} key", role=role, by=None)
    if revoked:
        account_services.api_key_revoke(key=key, by=None)
    return token


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()  # the throttles count in the cache; every test starts from zero
    yield
    cache.clear()


@pytest.fixture
def editor_key(organisation):
    return _key(organisation, "editor")


@pytest.fixture
def viewer_key(organisation):
    return _key(organisation, "viewer")


@pytest.fixture
def other_key(other_organisation):
    return _key(other_organisation, "editor")


@pytest.fixture
def revoked_key(organisation):
    return _key(organisation, "editor", revoked=True)


class Api:
    """The API seen by one caller: a key (Bearer), a logged-in test client, or nobody."""

    def __init__(self, *, token=None, client=None):
        self.token = token
        self.client = client or Client()

    def __call__(self, method: str, path: str, body=None, **headers):
        if self.token:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token}")
        data = json.dumps(body) if body is not None else None
        return self.client.generic(method, path, data or "", content_type="application/json", **headers)


@pytest.fixture
def api():
    return Api


@pytest.fixture
def assessment(organisation, alice):
    return assessment_services.assessment_import(organisation=organisation, user=alice, document=car_t_document())


@pytest.fixture
def done_export(assessment, alice):
    """A finished export (its file written directly: rendering is the dossiers tests' subject)."""
    export = Export.objects.create(
        assessment=assessment, organisation=assessment.organisation, kind=Export.Kind.MEMO, format=Export.Format.PDF,
        status=Export.Status.DONE, document=assessment.answers_document(), advice=assessment.advice,
        ruleset_version=assessment.ruleset_version, answers_hash=assessment.answers_hash, requested_by=alice,
    )
    export.file.save("memo.pdf", ContentFile(b"%PDF-1.7 test memo"), save=True)
    return export
