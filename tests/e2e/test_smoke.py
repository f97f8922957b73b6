import pytest

from tests.conftest import PASSWORD

from .conftest import assert_accessible, login


@pytest.mark.django_db(transaction=True)
def test_a_user_logs_in_and_sees_the_assessments_page(page, live_server, alice):
    login(page, live_server, "alice", PASSWORD)
    assert page.url.rstrip("/") == live_server.url
    assert page.get_by_role("heading", name="Assessments", level=1).is_visible()
    assert page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="New assessment").is_visible()
    assert "Results are advisory" in page.locator("footer").inner_text()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_login_page_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_forgotten_password_is_reached_from_login_and_accessible(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert page.get_by_role("heading", name="Reset your password", level=1).is_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", name="Check your e-mail", level=1).is_visible()
    assert_accessible(page)
