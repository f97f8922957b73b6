"""The interactive docs (/api/docs/) work in a real browser under the site's Content-Security-Policy
(no inline script or style), and every asset comes from this site (drf-spectacular-sidecar, no CDN)."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, login


def test_the_docs_page_lists_the_operations_with_local_assets_and_no_csp_violation(browser, live_server):
    context = browser.new_context()  # the CSP is enforced: no bypass here
    page = context.new_page()
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        response = page.goto(f"{live_server.url}/api/docs/")
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.locator(".opblock").first.wait_for(timeout=15_000)
        summaries = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/api/v1/assess" in text for text in summaries)
        assert any("/api/v1/assessments/{id}/answers" in text.replace("\u200b", "") for text in summaries)
    finally:
        context.close()
    assert requested and all(
        url.startswith(live_server.url) or url.startswith("data:") for url in requested
    ), [url for url in requested if not url.startswith(live_server.url)]
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_an_owner_creates_a_key_in_the_browser_and_the_page_is_accessible(browser, live_server, alice):
    context = browser.new_context(bypass_csp=True)  # axe-core is injected as a script
    page = context.new_page()
    try:
        login(page, live_server, "alice", PASSWORD)
        page.goto(f"{live_server.url}/accounts/organisation/")
        page.get_by_label("Name of the key").fill("Portfolio notebook")
        page.locator("#id_api_key-role").select_option("editor")
        page.get_by_role("button", name="Create key").click()
        token = page.get_by_label("Your new key, shown only now").input_value()
        assert token.startswith("atmp_")
        assert_accessible(page)
        page.goto(f"{live_server.url}/accounts/organisation/")
        assert token not in page.content() and "Portfolio notebook" in page.content()
        page.get_by_role("button", name="Revoke the key Portfolio notebook").click()
        assert "was revoked" in page.content()
        assert_accessible(page)
    finally:
        context.close()
