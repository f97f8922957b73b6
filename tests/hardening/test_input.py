"""Finding 3: no input reaches a server error. Each hostile input is refused with a message naming
the field, and nothing already saved is lost."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import assessment_create
from classification.rules.validation import answers_errors, parse_answers_json
from tests.assessments.wizard_helpers import post_answer
from tests.products import CAR_T

pytestmark = pytest.mark.django_db

SAVED = {**CAR_T, "eu_prevalence_per_10000": 0.3, "us_patients": 12000}


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(SAVED)
    assessment.save()
    return assessment


def _import(client, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse("assessment-import"), {"file": SimpleUploadedFile("answers.json", data)})


def _document(answers_json: str = "{}", product_json: str = '{"name": "Imported"}') -> str:
    return f'{{"schema_version": "1", "product": {product_json}, "answers": {answers_json}}}'


# ---- the answers import

IMPORTS = {
    "deeply nested arrays": (_document('{"manipulations": ' + "[" * 100_000 + "]" * 100_000 + "}"),
                             "nested more deeply than 16 levels"),
    "nesting under the parser's limit": (_document('{"manipulations": ' + "[" * 500 + "]" * 500 + "}"),
                                         "/answers/manipulations/0/0/0"),
    "NaN": (_document('{"us_patients": NaN}'), "/answers/us_patients: NaN is not a number"),
    "Infinity": (_document('{"eu_prevalence_per_10000": Infinity}'),
                 "/answers/eu_prevalence_per_10000: Infinity is not a number"),
    "-Infinity": (_document('{"eu_prevalence_per_10000": -Infinity}'), "-Infinity is not a number"),
    "1e5000": (_document('{"eu_prevalence_per_10000": 1e5000}'), "/answers/eu_prevalence_per_10000: 1e5000 is too large"),
    "a 5,000-digit integer": (_document('{"us_patients": ' + "9" * 5000 + "}"),
                              "/answers/us_patients: a number of 5000 digits is too large"),
    "an integer past the limit": (_document('{"us_patients": 10000000000000000}'), "/answers/us_patients: "),
    "a NUL byte in a text": (_document(product_json='{"name": "CAR\\u0000T"}'),
                             "/product/name: contains a NUL character"),
    "a NUL byte in a field name": (_document('{"cell\\u0000origin": "autologous"}'),
                                   "the field name contains a NUL character"),
    "a lone surrogate in a text": (_document(product_json='{"name": "CAR\\ud800T"}'),
                                   "/product/name: contains an invalid character (a lone UTF-16 surrogate)"),
    "a lone surrogate in a field name": (_document('{"\\udc00": true}'), "a lone UTF-16 surrogate"),
    "a surrogate encoded in UTF-8 bytes": (b'{"schema_version": "1", "product": {"name": "\xed\xa0\x80"}}',
                                           "The file is not UTF-8 text"),
    "ten thousand items": (_document('{"manipulations": [' + ",".join(['{"a": 1}'] * 10_000) + "]}"),
                           "/answers/manipulations: has 10000 items, more than 200"),
    "a megabyte-long name": (_document(product_json='{"name": "' + "x" * 500_000 + '"}'),
                             "/product/name: is longer than 200 characters"),
    "not JSON": ("{schema_version: 1}", "not valid JSON"),
    "a JSON array": ("[]", "the answers document must be a JSON object"),
}


@pytest.mark.parametrize("case", IMPORTS, ids=list(IMPORTS))
def test_a_hostile_import_is_refused_naming_the_field_and_saves_nothing(alice_client, assessment, case):
    text, expected = IMPORTS[case]
    response = _import(alice_client, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was not imported" in html
    assert expected.replace("&", "&amp;") in html, html[html.find("alert-danger"):][:800]
    assert len(html) < 100_000  # a message never repeats the input
    assert Assessment.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.answers == SAVED


def test_a_valid_import_still_imports(alice_client, assessment):
    response = _import(alice_client, json.dumps({"schema_version": "1", "product": {"name": "Copy"}, "answers": SAVED}))
    assert response.status_code == 302
    assert Assessment.objects.get(product_name="Copy").answers == SAVED


def test_the_validator_refuses_python_values_the_json_parser_never_makes():
    """The engine and the wizard validate Python documents too: the same refusals apply."""
    errors = answers_errors({"schema_version": "1", "answers": {"eu_prevalence_per_10000": float("nan")}})
    assert [str(e) for e in errors] == ["/answers/eu_prevalence_per_10000: nan is not a finite number"]
    errors = answers_errors({"schema_version": "1", "answers": {"us_patients": 10**4000}})
    assert [str(e) for e in errors] == ["/answers/us_patients: is too large (at most 1,000,000,000,000,000)"]


def test_parsing_never_builds_a_huge_integer():
    document = parse_answers_json('{"answers": {"us_patients": ' + "1" * 4000 + "}}")
    assert not isinstance(document["answers"]["us_patients"], int)


# ---- the wizard's number questions


@pytest.mark.parametrize(("qid", "typed", "expected"), [
    # Only digits and separators are read (assessments/number_entry.py), so NaN, Infinity and
    # exponents never reach a conversion; each message names the field as its label does.
    ("eu_prevalence_per_10000", "NaN", "Answer (per 10,000 people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("eu_prevalence_per_10000", "sNaN", "Answer (per 10,000 people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("eu_prevalence_per_10000", "Infinity", "Answer (per 10,000 people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("eu_prevalence_per_10000", "-inf", "Answer (per 10,000 people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("eu_prevalence_per_10000", "1e5000", "Answer (per 10,000 people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("eu_prevalence_per_10000", "10001", "Answer (per 10,000 people): enter a number of at most 10 000"),
    ("us_patients", "NaN", "Answer (people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("us_patients", "Infinity", "Answer (people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("us_patients", "1e5000", "Answer (people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("us_patients", "1e999999999", "Answer (people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("us_patients", "-1e5000", "Answer (people): enter digits only, like 0.5, 4,5 or 1200 (no letters, signs or units)"),
    ("us_patients", "9" * 30, "Answer (people): enter a number of at most 1,000,000,000,000,000"),
    ("us_patients", "9" * 5000, "Enter a number of at most 40 characters"),
    ("us_patients", "12\x0000", "Null characters are not allowed"),
])
def test_an_absurd_number_is_refused_naming_the_field_and_keeps_the_answer(alice_client, assessment, qid, typed,
                                                                           expected):
    response = alice_client.post(reverse("assessment-question", args=[assessment.pk, qid]),
                                 {"version": assessment.version, "answer": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_answer_0"' in html and expected in html
    assessment.refresh_from_db()
    assert assessment.answers == SAVED


def test_a_whole_number_of_fifteen_digits_is_still_taken(alice_client, assessment):
    response = post_answer(alice_client, assessment, "us_patients", 10**15)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["us_patients"] == 10**15


def test_the_same_choice_twice_is_refused_and_keeps_the_answer(alice_client, assessment):
    response = alice_client.post(reverse("assessment-question", args=[assessment.pk, "manipulations"]),
                                 {"version": assessment.version, "answer": ["expansion", "expansion"]})
    assert response.status_code == 400
    assert "Select each option at most once" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers == SAVED


def test_an_answer_the_schema_refuses_is_shown_on_the_field_not_a_server_error(alice_client, assessment, monkeypatch):
    """If the form ever lets through what the schema refuses, the view names the field (400)."""
    from assessments.forms import QuestionForm

    decode = QuestionForm._decode
    monkeypatch.setattr(QuestionForm, "_decode", lambda self, cleaned: ["expansion", "expansion"]
                        if self.question.id == "manipulations" else decode(self, cleaned))
    response = post_answer(alice_client, assessment, "manipulations", ["expansion"])
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_answer_0"' in html and "non-unique" in html
    assessment.refresh_from_db()
    assert assessment.answers == SAVED


@pytest.mark.parametrize("version", ["9" * 5000, "9" * 30, "-1", "0", "NaN", "\x00"])
def test_an_absurd_version_is_refused(alice_client, assessment, version):
    response = alice_client.post(reverse("assessment-question", args=[assessment.pk, "genome_editing"]),
                                 {"version": version, "answer": "true"})
    assert response.status_code == 400
    review = alice_client.post(reverse("assessment-review", args=[assessment.pk]), {"version": version})
    assert review.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers == SAVED and assessment.status == "draft"


# ---- the list's search


@pytest.mark.parametrize("query", ["%00", "car%00t", "x" * 300])
def test_a_search_the_database_cannot_run_is_refused_naming_the_field(alice_client, assessment, query):
    response = alice_client.get(reverse("assessment-list") + f"?q={query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Search by product name:" in html
    assert "CAR-T 19" in html  # the list is still there, unfiltered


@pytest.mark.parametrize("page", ["%00", "9" * 5000, "-1", "NaN"])
def test_any_page_number_shows_a_page(alice_client, assessment, page):
    assert alice_client.get(reverse("assessment-list") + f"?page={page}").status_code == 200


@pytest.mark.parametrize("pk", ["9" * 30, "9" * 5000])
def test_an_id_past_any_column_is_a_404(alice_client, pk):
    assert alice_client.get(f"/assessments/{pk}/review/").status_code == 404
    assert alice_client.get(f"/exports/{pk}/").status_code == 404
    assert alice_client.post(reverse("organisation-switch"), {"organisation": pk}).status_code in {302, 404}
