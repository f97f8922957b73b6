"""Browser journeys through the wizard in Chromium, with axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from assessments.forms import encode
from assessments.models import Assessment
from assessments.services import assessment_create
from tests.conftest import PASSWORD
from tests.products import CAR_T, CHONDROCYTES, HSC

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

# The EU classification does not depend on the goals: the journeys aim at the hospital exemption
# only, which skips the US and development sections and keeps each walk short.
LEAN = {"goals": ["hospital_exemption"]}
QUESTION_URL = re.compile(r"/assessments/(\d+)/questions/([a-z0-9_]+)/")


def current_question(page):
    match = QUESTION_URL.search(page.url)
    return match.group(2) if match else None


# axe-core runs once per kind of page in a session: every page type is checked, the journeys stay short.
CHECKED: set[str] = set()


def check_once(page, kind: str) -> None:
    if kind not in CHECKED:
        assert_accessible(page)
        CHECKED.add(kind)


def question_kind(page) -> str:
    if page.locator("#id_not_known").count():
        return "question: number"
    return "question: " + page.locator("input[name=answer]").first.get_attribute("type")


def answer_page(page, value, *, check=True):
    if check:
        check_once(page, question_kind(page))
    if isinstance(value, list):
        for item in value:
            page.check(f"input[name=answer][value='{encode(item)}']")
    elif value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        if value is None:
            page.check("#id_not_known")
        else:
            page.fill("#id_answer_0", str(value))
    else:
        page.check(f"input[name=answer][value='{encode(value)}']")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def walk(page, answers, *, stop_at=None):
    """Answers every question the wizard asks; questions not in ``answers`` get "I don't know"
    (or "Not known" for numbers), as a user in a hurry would."""
    for _ in range(80):
        qid = current_question(page)
        if qid is None or qid == stop_at:
            return
        if qid in answers:
            value = answers[qid]
        elif page.locator("#id_not_known").count():
            value = None
        elif page.locator("input[name=answer][value=unknown]").count():
            value = "unknown"
        else:
            value = []
        answer_page(page, value)
    raise AssertionError("the wizard did not end")


def start(page, live_server, name):
    page.goto(f"{live_server.url}/assessments/new/")
    check_once(page, "new assessment")
    page.get_by_label("Product name").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Start the questions").click()


def see_result(page):
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    check_once(page, "review")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Confirm")).click()
    check_once(page, "result")


def test_a_car_t_product_ends_as_gtmp(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "CAR-T 19")
    walk(page, {**CAR_T, **LEAN})
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Gene therapy medicinal product (GTMP)")
    expect(page.get_by_text("EU-CLS-6.4").first).to_be_visible()


def test_chondrocytes_on_a_membrane_end_as_a_combined_tep(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "Chondrocyte membrane")
    walk(page, {**CHONDROCYTES, **LEAN})
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Tissue-engineered product (TEP), combined ATMP")
    expect(page.get_by_text("Combined ATMP: a medical device is an integral part")).to_be_visible()


def test_minimally_manipulated_hsc_are_not_an_atmp(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "HSC graft")
    walk(page, {**HSC, **LEAN})
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text(
        "Not an advanced therapy medicinal product: tissues and cells legislation"
    )
    expect(page.get_by_text("tissues and cells legislation").first).to_be_visible()


def test_changing_an_early_answer_updates_the_result_and_drops_answers(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "CAR-T 19")
    walk(page, {**CAR_T, **LEAN})
    see_result(page)
    page.get_by_role("link", name="Check or change the answers").click()
    page.locator("a[href$='/questions/contains_cells_or_tissues/?return=review']").click()
    answer_page(page, False)
    expect(page.get_by_text("These answers no longer apply and were removed")).to_be_visible()
    expect(page.get_by_text("What is the origin of the cells", exact=False)).to_have_count(0)
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Gene therapy medicinal product (GTMP)")
    expect(page.get_by_text("EU-CLS-6.4")).to_have_count(0)


def test_save_and_come_back_later_resumes_at_the_same_question(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "Paused product")
    walk(page, {**CAR_T, **LEAN}, stop_at="cells_nucleated")
    page.check("input[name=answer][value=true]")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Saved. You can come back")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    login(page, live_server, "alice", PASSWORD)
    page.get_by_role("link", name="Continue Paused product").click()
    assert current_question(page) == "cell_origin"


def test_another_organisations_assessment_is_a_404(page, live_server, alice):
    other = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    from tests.conftest import make_user

    mallory = make_user("mallory")
    Membership.objects.create(user=mallory, organisation=other, role="owner")
    secret = assessment_create(organisation=other, user=mallory, product_name="Secret")
    login(page, live_server, "alice", PASSWORD)
    response = page.goto(f"{live_server.url}/assessments/{secret.pk}/review/")
    assert response.status == 404


def _tab_to(page, predicate: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def _focused(page, predicate: str) -> bool:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()")


def test_one_journey_with_the_keyboard_only(page, live_server, alice):
    """The focus opens on the question (not in the header): Space picks the first answer, Enter
    submits with Continue; the goals page takes arrows and Space like any list of checkboxes."""
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/assessments/new/")
    _tab_to(page, "el.id === 'id_product_name'")
    page.keyboard.type("Keyboard product")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    presses = 0
    for expected in ("medicinal_purpose", "goals", "nucleic_acid", "genome_editing"):
        assert current_question(page) == expected
        assert _focused(page, "el.name === 'answer'"), "the focus should open on the first answer"
        if expected == "goals":  # tick the fifth goal (hospital exemption): Tab moves between checkboxes
            for _ in range(4):
                page.keyboard.press("Tab")
                presses += 1
        page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        presses += 2
    assert presses == 12  # 4 questions: 8 keys plus 4 Tabs to reach a goal, none to leave the header
    saved = Assessment.objects.get(product_name="Keyboard product").answers
    assert saved["goals"] == ["hospital_exemption"] and saved["nucleic_acid"] == "none"
    # The skip link of a question page goes to the question's first field.
    page.focus("a.skip-link")
    page.keyboard.press("Enter")
    assert _focused(page, "el.id === 'id_answer_0'")
