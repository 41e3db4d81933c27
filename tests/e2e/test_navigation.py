"""Getting around on a phone and with a keyboard: the collapsed menu, the skip link, guides."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_menu_opens_and_leads_to_a_guide_and_into_the_directory(
    live_server, browser, javascript
):
    """The menu is a <details>: it opens the same with scripts off."""
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(live_server.url + "/")
        nav = page.get_by_role("navigation", name="Main")
        guides_link = nav.get_by_role("link", name="Guides")
        expect(guides_link).to_be_hidden()
        nav.locator("summary", has_text="Menu").click()
        expect(guides_link).to_be_visible()
        guides_link.click()
        expect(page).to_have_url(re.compile(r"/guides/$"))

        page.get_by_role("link", name="What is micro-needling?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("What is micro-needling?")
        expect(page.get_by_text(re.compile(r"Last reviewed \d+ \w+ \d{4}"))).to_be_visible()
        link = page.get_by_role("main").get_by_role("link", name="acne scars", exact=True)
        expect(link).to_have_attribute("href", "/search?concern=acne_scars")

        # The page fits the phone: nothing forces sideways scrolling.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        # Bootstrap's script and the site's styles loaded under the Content-Security-Policy.
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()


def test_skip_link_is_first_on_tab_and_moves_focus_to_main(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/guides/risks")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_home_search_form_submits_to_the_search_page(live_server, page):
    from playwright.sync_api import expect

    # Only the form is under test here: answer the search request without running a search.
    page.route("**/search?*", lambda route: route.fulfill(status=200, body="results"))
    page.goto(live_server.url + "/")
    page.get_by_label("Treatment, concern or name").fill("acne scars")
    page.get_by_label("Near").fill("Austin, TX")
    with page.expect_request("**/search?*") as request_info:
        page.get_by_role("main").get_by_role("button", name="Search").click()
    assert request_info.value.method == "GET"
    assert request_info.value.url == f"{live_server.url}/search?q=acne+scars&near=Austin%2C+TX"
    expect(page).to_have_url(re.compile(r"/search\?q=acne\+scars&near=Austin%2C\+TX$"))
