"""Browser journeys of issue 12 in Chromium: numbers typed with and without a decimal comma,
"Save and come back later" on an unanswered question, product details, a renamed copy, a
review-page change that reveals questions, a phone-width journey with no sideways scroll, and
axe-core on every page type. Each journey starts from an assessment made by the services, so
that it walks only the pages it is about."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from assessments.services import assessment_create
from tests.conftest import PASSWORD
from tests.products import CAR_T

from .conftest import assert_accessible, login
from .test_wizard import current_question

pytestmark = pytest.mark.django_db(transaction=True)

EU_ONLY = {"medicinal_purpose": True, "goals": ["eu_marketing_authorisation"]}
# A development profile with designations to request, so that the roadmap has rows.
DEVELOPMENT = {"condition_severity": "life_threatening", "satisfactory_treatment_exists": False,
               "expected_benefit": "major", "evidence_level": "preliminary_clinical_efficacy",
               "development_stage": "phase_1", "eu_prevalence_per_10000": 0.5}


def _assessment(organisation, user, name="CAR-T 19", answers=None):
    assessment = assessment_create(organisation=organisation, user=user, product_name=name, indication="DLBCL")
    Assessment.objects.filter(pk=assessment.pk).update(answers=dict(answers or {}))
    return Assessment.objects.get(pk=assessment.pk)


def _url(live_server, assessment, page_name, qid=None):
    base = f"{live_server.url}/assessments/{assessment.pk}"
    return f"{base}/questions/{qid}/" if qid else f"{base}/{page_name}/"


def _continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def test_numbers_with_and_without_a_decimal_comma(page, live_server, alice, organisation):
    assessment = _assessment(organisation, alice, answers={**CAR_T, **EU_ONLY})
    login(page, live_server, "alice", PASSWORD)
    page.goto(_url(live_server, assessment, None, "eu_prevalence_per_10000"))
    expect(page.locator("#id_not_known")).not_to_be_checked()  # never ticked in advance
    page.fill("#id_answer_0", "0,5")
    _continue(page)
    assessment.refresh_from_db()
    assert assessment.answers["eu_prevalence_per_10000"] == 0.5
    page.goto(_url(live_server, assessment, None, "eu_prevalence_per_10000"))
    expect(page.locator("#id_answer_0")).to_have_value("0.5")  # shown back with a point
    page.fill("#id_answer_0", "4.5")
    _continue(page)
    assessment.refresh_from_db()
    assert assessment.answers["eu_prevalence_per_10000"] == 4.5
    # An ambiguous thousands separator and a number with "Not known" are refused, naming the field.
    page.goto(_url(live_server, assessment, None, "eu_prevalence_per_10000"))
    page.fill("#id_answer_0", "1,234")
    _continue(page)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Answer (per 10,000 people): “1,234” could mean 1234 or 1.234")
    expect(summary).to_be_focused()
    expect(page.locator("#id_answer_0")).to_have_value("1,234")  # what was typed stays
    assert_accessible(page)
    page.fill("#id_answer_0", "4,5")
    page.check("#id_not_known")
    _continue(page)
    expect(summary).to_contain_text("enter a number or tick “Not known”, not both")
    assessment.refresh_from_db()
    assert assessment.answers["eu_prevalence_per_10000"] == 4.5


def test_save_and_come_back_later_on_an_unanswered_question(page, live_server, alice, organisation):
    assessment = _assessment(organisation, alice, answers={"medicinal_purpose": True})
    login(page, live_server, "alice", PASSWORD)
    page.goto(_url(live_server, assessment, None, "goals"))
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("this question is still to be answered")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Continue CAR-T 19").click()
    assert current_question(page) == "goals"
    assessment.refresh_from_db()
    assert assessment.answers == {"medicinal_purpose": True}


def test_editing_the_product_details_and_renaming_a_duplicate(page, live_server, alice, organisation):
    assessment = _assessment(organisation, alice, answers={**CAR_T, **EU_ONLY})
    login(page, live_server, "alice", PASSWORD)
    page.goto(_url(live_server, assessment, "review"))
    page.get_by_role("link", name="Change the product details").click()
    expect(page.get_by_label("Product name")).to_have_value("CAR-T 19")
    assert_accessible(page)
    page.get_by_label("Product name").fill("CAR-T 19, second process")
    page.get_by_label("Sponsor or developer").fill("University Hospital")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".lead")).to_contain_text("CAR-T 19, second process")
    page.get_by_role("link", name="Duplicate").click()
    expect(page.get_by_label("Name of the copy")).to_have_value("CAR-T 19, second process (copy)")
    assert_accessible(page)
    page.get_by_label("Name of the copy").fill("CAR-T 19, allogeneic variant")
    with page.expect_navigation():
        page.get_by_role("button", name="Make the copy").click()
    expect(page.get_by_text("Duplicated as “CAR-T 19, allogeneic variant”")).to_be_visible()
    copy = Assessment.objects.get(product_name="CAR-T 19, allogeneic variant")
    assert copy.sponsor == "University Hospital" and copy.answers == Assessment.objects.get(pk=assessment.pk).answers


def test_a_review_change_that_reveals_a_question_asks_it_before_returning(page, live_server, alice, organisation):
    no_cells = {"medicinal_purpose": True, "goals": ["hospital_exemption"], "nucleic_acid": "none",
                "genome_editing": False, "contains_cells_or_tissues": False, "integral_medical_device": False}
    assessment = _assessment(organisation, alice, answers=no_cells)
    login(page, live_server, "alice", PASSWORD)
    page.goto(_url(live_server, assessment, "review"))
    page.locator("a[href$='/questions/contains_cells_or_tissues/?return=review']").click()
    page.check("input[name=answer][value=true]")
    _continue(page)
    asked = []
    while current_question(page):
        asked.append(current_question(page))
        expect(page.get_by_text("Your change brings up questions not asked before")).to_be_visible()
        if asked[-1] == "manipulations":
            page.check("input[name=answer][value=unknown]")
        else:
            page.locator("input[name=answer]").first.check()
        _continue(page)
        assert len(asked) < 12, asked
    assert asked[:2] == ["cells_nucleated", "cell_origin"] and "manipulations" in asked
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()


def _no_sideways_scroll(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what}: the page is {width} px wide at a 390 px viewport"


def test_a_phone_journey_has_no_sideways_scroll_and_24_px_targets(browser, live_server, alice, organisation):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        for n in range(3):
            _assessment(organisation, alice, name=f"Autologous chondrocytes on a collagen membrane, batch {n}",
                        answers={**CAR_T, "goals": []})
        done = _assessment(organisation, alice, answers={**CAR_T, **DEVELOPMENT, "goals": []})
        login(page, live_server, "alice", PASSWORD)
        _no_sideways_scroll(page, "the assessment list")
        for qid in ("medicinal_purpose", "manipulations", "us_patients"):
            page.goto(_url(live_server, done, None, qid))
            _no_sideways_scroll(page, qid)
            target = "#id_not_known" if qid == "us_patients" else "input[name=answer]"
            box = page.locator(target).first.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (qid, box)
        page.goto(_url(live_server, done, "review"))
        _no_sideways_scroll(page, "the review page")
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile(r"^Confirm")).click()
        _no_sideways_scroll(page, "the result page")
        page.goto(f"{live_server.url}/pathways/assessments/{done.pk}/")
        _no_sideways_scroll(page, "the pathways comparison")
        expect(page.locator("svg.roadmap")).to_be_hidden()  # too small to read: its text is shown
        expect(page.get_by_role("heading", name="The roadmap as text")).to_be_visible()
        assert_accessible(page)
        for name in ("details", "duplicate"):
            page.goto(_url(live_server, done, name))
            _no_sideways_scroll(page, name)
        page.goto(f"{live_server.url}/organisation/")
        _no_sideways_scroll(page, "the organisation settings")
    finally:
        context.close()


def test_every_page_type_is_clean_under_axe(page, live_server, alice, organisation):
    assessment = _assessment(organisation, alice, answers={**CAR_T, **DEVELOPMENT, "goals": []})
    login(page, live_server, "alice", PASSWORD)
    assert_accessible(page)  # the list
    urls = [
        f"{live_server.url}/assessments/new/",
        f"{live_server.url}/assessments/import/",
        _url(live_server, assessment, None, "medicinal_purpose"),  # radios
        _url(live_server, assessment, None, "manipulations"),  # grouped checkboxes
        _url(live_server, assessment, None, "us_patients"),  # a number
        _url(live_server, assessment, "review"),
        _url(live_server, assessment, "details"),
        _url(live_server, assessment, "duplicate"),
        _url(live_server, assessment, "delete"),
        _url(live_server, assessment, "result"),
        f"{live_server.url}/pathways/assessments/{assessment.pk}/",
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
