"""Fuzz tests (hypothesis) over every form, the answers import and every question type: whatever
bytes a client sends, no response is a server error (5xx) and no saved answer is lost.

Form bodies are written as raw bytes (application/x-www-form-urlencoded or multipart), so that what
a browser cannot send (invalid UTF-8, UTF-8-encoded surrogates, NUL bytes, repeated fields, fields
no form has) arrives as it would from any HTTP client."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Membership, Organisation
from assessments.models import Assessment
from assessments.services import assessment_create
from classification.rules.questions import catalogue
from classification.rules.sampling import answer_space, list_schema
from classification.rules.validation import answers_errors
from tests.conftest import PASSWORD
from tests.products import CAR_T

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SAVED = {**CAR_T, "eu_prevalence_per_10000": 0.3, "us_patients": 12000}

# Values that broke or could break something: non-finite and huge numbers, NUL, surrogates written
# as UTF-8 bytes, invalid UTF-8, markup, whitespace, the codes the forms expect.
HOSTILE = [
    b"", b" ", b"0", b"-0", b"1", b"-1", b"0.5", b"1e-5000", b"NaN", b"nan", b"sNaN", b"Infinity", b"-Infinity",
    b"inf", b"1e5000", b"1e4000", b"-1e5000", b"1e999999999", b"9" * 5000, b"9" * 40, b"1_000", b"12,000",
    b"\x00", b"a\x00b", b"\xed\xa0\x80", b"\xed\xb0\x80", b"\xff\xfe", b"\xc3(", "\u0661\u0662".encode(),
    b"\xef\xbb\xbf1", "\u202e".encode(), b"<script>alert(1)</script>", b"' OR 1=1 --", b"true", b"false",
    b"unknown", b"owner", b"viewer", b"editor", b"memo", b"pdf", b"docx", b"expansion", b"autologous",
    b"x" * 300, b"https://evil.example/", b"//evil.example", b"/",
]
values = st.sampled_from(HOSTILE) | st.binary(max_size=40) | st.text(max_size=40).map(str.encode)


def fields(names: list[str]):
    """A form body: for each name absent, once or repeated, plus a few fields no form has."""
    one = st.lists(values, min_size=0, max_size=3)
    known = st.fixed_dictionaries({}, optional={name: one for name in names})
    extra = st.dictionaries(st.sampled_from([b"csrfmiddlewaretoken", b"id", b"pk", b"\x00", b"answer[]"]),
                            one, max_size=2)
    return st.tuples(known, extra).map(lambda pair: [
        (name.encode() if isinstance(name, str) else name, value)
        for name, items in (*pair[0].items(), *pair[1].items()) for value in items
    ])


def urlencoded(pairs) -> bytes:
    return b"&".join(quote_from_bytes(name).encode() + b"=" + quote_from_bytes(value).encode()
                     for name, value in pairs)


def post(client, url, pairs):
    return client.post(url, data=urlencoded(pairs), content_type="application/x-www-form-urlencoded")


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:2000]


@pytest.fixture
def assessment(organisation, alice):
    assessment = assessment_create(organisation=organisation, user=alice, product_name="CAR-T 19")
    assessment.answers = dict(SAVED)
    assessment.save()
    return assessment


def owners(organisation):
    return set(Membership.objects.filter(organisation=organisation, role="owner").values_list("user__username",
                                                                                              flat=True))


# ---- every question type


def _question_of_type(kind: str) -> str:
    shown = catalogue().visible(SAVED)
    return next(q.id for q in shown if q.type == kind)


QUESTION_TYPES = sorted({q.type for q in catalogue().questions})


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_any_answer_to_any_question_type_saves_or_is_refused_and_loses_nothing(alice_client, assessment, kind):
    qid = _question_of_type(kind)
    question = catalogue().question(qid)
    url = reverse("assessment-question", args=[assessment.pk, qid])
    codes = [str(c.value).lower().encode() for c in question.choices] + [b"unknown"]
    valid = (st.lists(st.sampled_from(codes), unique=True, max_size=4) if kind == "multichoice"
             else st.sampled_from(codes).map(lambda code: [code]) if codes[:-1]
             else st.integers(0, 10_000).map(lambda n: [str(n).encode()]))
    answer = valid | st.lists(st.sampled_from(codes) | values, max_size=4)
    outcomes = set()

    @FUZZ
    @given(body=fields(["version", "not_known", "continue", "save_and_exit"]), answers=answer,
           current_version=st.booleans())
    def check(body, answers, current_version):
        Assessment.objects.filter(pk=assessment.pk).update(answers=dict(SAVED), version=F("version") + 1)
        before = Assessment.objects.get(pk=assessment.pk)
        pairs = [(n, v) for n, v in body if n != b"version" or not current_version]
        if current_version:
            pairs.append((b"version", str(before.version).encode()))
        pairs += [(b"answer", a) for a in answers]
        response = post(alice_client, url, pairs)
        assert_no_server_error(response)
        outcomes.add(response.status_code)
        after = Assessment.objects.get(pk=assessment.pk)
        if response.status_code != 302:
            assert after.answers == before.answers and after.version == before.version
            return
        if qid not in after.answers:
            # "Save and come back later" with nothing given: the answers stay as they were.
            assert b"save_and_exit" in {n for n, _ in pairs}
            assert after.answers == before.answers
            return
        # Saved: the new answer, and every earlier answer that still applies after it.
        expected, _ = catalogue().prune({**before.answers, qid: after.answers[qid]})
        assert after.answers == expected
        assert answers_errors({"schema_version": "1", "answers": after.answers}) == []

    check()
    assert {302, 400} <= outcomes, outcomes  # both saved and refused answers were tried


def test_the_question_catalogue_covers_every_answer_type_of_the_schema():
    """The fuzz test above runs once per question type: make sure none is missing."""
    assert set(QUESTION_TYPES) == {"boolean", "choice", "multichoice", "number", "integer"}
    assert len(answer_space()) == len(catalogue().questions)


# ---- the answers import


json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["unknown", "autologous", "\x00", "\ud800", "\udfff", "a\u0000b", "x" * 300])
    | st.sampled_from([10**20, -(10**20), 10**15, float("inf"), float("nan"), 1e308])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
answer_keys = sorted(answer_space()) + ["colour", "\x00", "\ud800"]


def _valid_value(qid):
    spec = answer_space()[qid]
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    if (listed := list_schema(spec)) is not None:
        lists = st.lists(st.sampled_from(listed[0]["items"]["enum"]), unique=True, max_size=4)
        return lists | st.just("unknown") if listed[1] else lists
    return st.none() | st.integers(min_value=0, max_value=10000)


valid_documents = st.fixed_dictionaries(
    {"schema_version": st.just("1"),
     "answers": st.fixed_dictionaries({}, optional={qid: _valid_value(qid) for qid in sorted(answer_space())})},
    optional={"product": st.fixed_dictionaries({}, optional={"name": st.text(min_size=1, max_size=30)}),
              "as_of": st.dates().map(str)},
)
hostile_documents = st.fixed_dictionaries(
    {"schema_version": st.sampled_from(["1", "1", "2", 1])},
    optional={
        "product": st.fixed_dictionaries({}, optional={
            "name": st.text(max_size=30) | json_values, "description": st.text(max_size=30) | json_values,
        }),
        "as_of": st.sampled_from(["2026-12-03", "2026-02-30", "\x00", "yesterday"]) | json_values,
        "answers": st.dictionaries(st.sampled_from(answer_keys), json_values, max_size=6)
        | st.fixed_dictionaries({}, optional={qid: _valid_value(qid) for qid in sorted(answer_space())}),
    },
)


def _deeply(document, depth):
    return {**document, "answers": {"manipulations": json.loads("[" * depth + "]" * depth)}}


def _serialised(document, depth, raw):
    if raw is not None:
        return raw
    return json.dumps(_deeply(document, depth) if depth else document, allow_nan=True).encode("utf-8")


def test_any_import_creates_a_valid_assessment_or_is_refused_and_changes_nothing(alice_client, assessment):
    outcomes = set()

    @FUZZ
    @given(document=valid_documents | hostile_documents, depth=st.sampled_from([0, 0, 0, 20, 900]),
           raw=st.none() | st.none() | st.sampled_from(HOSTILE) | st.binary(max_size=60))
    def check(document, depth, raw):
        before = set(Assessment.objects.values_list("pk", "version"))
        upload = SimpleUploadedFile("answers.json", _serialised(document, depth, raw))
        response = alice_client.post(reverse("assessment-import"), {"file": upload})
        assert_no_server_error(response)
        outcomes.add(response.status_code)
        if response.status_code == 302:
            created = Assessment.objects.exclude(pk__in=[pk for pk, _ in before]).get()
            assert answers_errors({"schema_version": "1", "answers": created.answers}) == []
            created.delete()
        else:
            assert response.status_code == 400
        assert set(Assessment.objects.values_list("pk", "version")) == before
        assert Assessment.objects.get(pk=assessment.pk).answers == SAVED

    check()
    assert outcomes == {302, 400}, outcomes  # both imported and refused documents were tried


def _image(fmt: str, size=(40, 20), mode="RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, fmt)
    return buffer.getvalue()


IMAGES = [_image("PNG"), _image("PNG", mode="RGBA"), _image("JPEG"), _image("GIF"), _image("PNG", (3000, 3000))]


@st.composite
def image_bytes(draw):
    """Real images, cut short, with bytes flipped or appended, and arbitrary bytes."""
    data = bytearray(draw(st.sampled_from(IMAGES)))
    action = draw(st.sampled_from(["as is", "truncate", "flip", "append"]))
    if action == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif action == "flip" and data:
        index = draw(st.integers(0, len(data) - 1))
        data[index] ^= draw(st.integers(1, 255))
    elif action == "append":
        data += draw(st.binary(min_size=1, max_size=200))
    return bytes(data)


def multipart(fields: list[tuple[bytes, bytes]], files: list[tuple[bytes, bytes, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body written byte for byte (the file name as sent, unchecked)."""
    boundary = b"fuzzboundary7e1d"
    parts = [b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value)
             for name, value in fields]
    parts += [b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
              b"Content-Type: image/png\r\n\r\n%s\r\n" % (boundary, name, filename, data)
              for name, filename, data in files]
    return b"".join(parts) + b"--%s--\r\n" % boundary, f"multipart/form-data; boundary={boundary.decode()}"


def test_any_file_as_a_logo_is_stored_re_encoded_or_refused(alice_client, organisation):
    from PIL import Image

    outcomes = set()

    @FUZZ
    @given(raw=image_bytes() | st.binary(max_size=200),
           name=st.sampled_from([b"logo.png", b"Logo.JPG", b"../../x.png"]) | st.sampled_from(HOSTILE + [b"a.svg"]))
    def check(raw, name):
        Organisation.objects.filter(pk=organisation.pk).update(logo="")
        body, content_type = multipart([(b"name", b"Helix")], [(b"logo", name.replace(b'"', b""), raw)])
        response = alice_client.post(reverse("organisation-settings"), data=body, content_type=content_type)
        assert_no_server_error(response)
        stored = Organisation.objects.get(pk=organisation.pk).logo
        outcomes.add("stored" if stored else "refused" if response.status_code == 200 else "no file")
        if not stored:
            return
        assert response.status_code == 302
        assert re.fullmatch(r"logos/logo(_\w+)?\.(png|jpg)", stored.name), stored.name
        with stored.open("rb") as fh:
            image = Image.open(fh)
            assert image.format in {"PNG", "JPEG"} and max(image.size) <= 1200
            image.verify()

    check()
    assert {"stored", "refused"} <= outcomes, outcomes


# ---- every other form

FORMS = {
    # name: (persona, url, fields)
    "login": ("client", lambda ctx: reverse("login"), ["username", "password", "next"]),
    "signup": ("client", lambda ctx: reverse("signup"), ["username", "email", "password1", "password2"]),
    "password reset": ("client", lambda ctx: reverse("password_reset"), ["email"]),
    "password change": ("alice_client", lambda ctx: reverse("password_change"),
                        ["old_password", "new_password1", "new_password2"]),
    "organisation settings": ("alice_client", lambda ctx: reverse("organisation-settings"), ["name", "clear_logo"]),
    "add a member": ("alice_client", lambda ctx: reverse("membership-add"), ["username", "role"]),
    "change a role": ("alice_client", lambda ctx: reverse("membership-role", args=[ctx["membership"].pk]), ["role"]),
    "remove a member": ("alice_client", lambda ctx: reverse("membership-remove", args=[ctx["membership"].pk]), []),
    "switch organisation": ("alice_client", lambda ctx: reverse("organisation-switch"), ["organisation", "next"]),
    "new assessment": ("alice_client", lambda ctx: reverse("assessment-create"),
                       ["product_name", "description", "indication", "sponsor"]),
    "confirm the answers": ("alice_client", lambda ctx: reverse("assessment-review", args=[ctx["assessment"].pk]),
                            ["version"]),
    "request an export": ("alice_client", lambda ctx: reverse("export-create", args=[ctx["assessment"].pk]),
                          ["kind", "format"]),
    "duplicate": ("alice_client", lambda ctx: reverse("assessment-duplicate", args=[ctx["assessment"].pk]), []),
    "viewer's answer": ("viewer_client", lambda ctx: reverse("assessment-question",
                                                             args=[ctx["assessment"].pk, "genome_editing"]),
                        ["version", "answer"]),
}


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_any_post_to_any_form_is_never_a_server_error_and_loses_nothing(request, form, assessment, alice, viewer,
                                                                        organisation):
    persona, url_for, names = FORMS[form]
    client = request.getfixturevalue(persona)
    context = {"assessment": assessment, "membership": Membership.objects.get(user=viewer)}
    url = url_for(context)

    @FUZZ
    @given(body=fields(names))
    def check(body):
        response = post(client, url, body)
        assert_no_server_error(response)
        assert "alice" in owners(organisation)
        assert Assessment.objects.get(pk=assessment.pk).answers == SAVED
        assert alice.check_password(PASSWORD) or form == "password change"

    check()


@FUZZ
@given(query=st.lists(st.tuples(st.sampled_from([b"q", b"page", b"return", b"\x00"]), values), max_size=4))
def test_any_query_string_on_the_list_and_a_question_is_never_a_server_error(alice_client, assessment, query):
    for url in (reverse("assessment-list"), reverse("assessment-question", args=[assessment.pk, "genome_editing"])):
        response = alice_client.get(url + "?" + urlencoded(query).decode())
        assert_no_server_error(response)
