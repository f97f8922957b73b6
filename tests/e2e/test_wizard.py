"""Browser journeys through the wizard in Chromium, with axe-core on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from assessments.forms import encode
from assessments.services import assessment_create
from tests.conftest import PASSWORD
from tests.products import CAR_T, CHONDROCYTES, HSC

from .conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION_URL = re.compile(r"/assessments/(\d+)/questions/([a-z0-9_]+)/")


def current_question(page):
    match = QUESTION_URL.search(page.url)
    return match.group(2) if match else None


def answer_page(page, value, *, check=True):
    if check:
        assert_accessible(page)
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
    assert_accessible(page)
    page.get_by_label("Product name").fill(name)
    with page.expect_navigation():
        page.get_by_role("button", name="Start the questions").click()


def see_result(page):
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and see the result").click()
    assert_accessible(page)


def test_a_car_t_product_ends_as_gtmp(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "CAR-T 19")
    walk(page, CAR_T)
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Gene therapy medicinal product (GTMP)")
    expect(page.get_by_text("EU-CLS-6.4").first).to_be_visible()


def test_chondrocytes_on_a_membrane_end_as_a_combined_tep(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "Chondrocyte membrane")
    walk(page, CHONDROCYTES)
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Tissue-engineered product (TEP)")
    expect(page.get_by_text("Combined ATMP: a medical device is an integral part")).to_be_visible()


def test_minimally_manipulated_hsc_are_not_an_atmp(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "HSC graft")
    walk(page, HSC)
    see_result(page)
    expect(page.locator("#eu-card-title + p")).to_have_text("Not an advanced therapy medicinal product")
    expect(page.get_by_text("tissues and cells legislation").first).to_be_visible()


def test_changing_an_early_answer_updates_the_result_and_drops_answers(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "CAR-T 19")
    walk(page, CAR_T)
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
    walk(page, CAR_T, stop_at="cells_nucleated")
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


def test_one_journey_with_the_keyboard_only(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    start(page, live_server, "Keyboard product")
    for _ in range(3):  # three questions answered with Tab, Space and Enter only
        qid = current_question(page)
        _tab_to(page, "el.name === 'answer'")
        page.keyboard.press("Space")
        _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Continue'")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert current_question(page) != qid
    assert current_question(page) is not None
