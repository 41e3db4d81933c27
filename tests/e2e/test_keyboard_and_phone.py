"""Keyboard and small-screen use (WCAG 2.2 AA): focus after sorting, Tab presses to the first
result, target sizes, long words on account pages and
moderation tables on a phone."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login_via_form
from tests.e2e.demo_helpers import ACCOUNTS, log_in_demo

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

# WCAG 2.5.8 Target Size (Minimum), checked in the page: every visible control is at least
# 24 x 24 CSS px, or a 24 px circle centred on it touches no other target (and no other
# undersized target's circle). Links inside a sentence are exempt; a checkbox or radio counts
# together with its <label>, which also toggles it.
TARGET_SIZE_JS = """
() => {
  const MIN = 24;
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    // .visually-hidden(-focusable) controls are 1 px until focused: not a target yet; the
    // contents of a closed <details> are laid out but not shown.
    return box.width > 1 && box.height > 1 &&
      el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    const own = el.textContent.replace(/\\s+/g, " ").trim();
    const all = block ? block.textContent.replace(/\\s+/g, " ").trim() : own;
    return all.length > own.length + 2;
  };
  const rectOf = (el) => {
    let box = el.getBoundingClientRect();
    if ((el.type === "checkbox" || el.type === "radio") && el.labels && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      box = {left: Math.min(box.left, label.left), top: Math.min(box.top, label.top),
             right: Math.max(box.right, label.right), bottom: Math.max(box.bottom, label.bottom)};
    }
    return {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
            width: box.right - box.left, height: box.bottom - box.top};
  };
  const labelsOf = new Set();
  document.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((input) => {
    (input.labels || []).forEach((label) => labelsOf.add(label));
  });
  const targets = [...document.querySelectorAll(selector)]
    .filter((el) => visible(el) && !inSentence(el))
    .map((el) => ({el, box: rectOf(el)}));
  const undersized = targets.filter((t) => t.box.width < MIN - 0.5 || t.box.height < MIN - 0.5);
  const centre = (b) => [(b.left + b.right) / 2, (b.top + b.bottom) / 2];
  const circleHitsBox = (c, b) => {
    const dx = Math.max(b.left - c[0], 0, c[0] - b.right);
    const dy = Math.max(b.top - c[1], 0, c[1] - b.bottom);
    return dx * dx + dy * dy < (MIN / 2) * (MIN / 2) - 0.5;
  };
  const failures = [];
  for (const t of undersized) {
    const c = centre(t.box);
    const clash = targets.find((o) => {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) return false;
      if (undersized.includes(o)) {
        const d = centre(o.box);
        return Math.hypot(c[0] - d[0], c[1] - d[1]) < MIN - 0.5;
      }
      return circleHitsBox(c, o.box);
    });
    if (clash) {
      failures.push(`${t.el.outerHTML.slice(0, 120)} is ${Math.round(t.box.width)}x` +
        `${Math.round(t.box.height)} and crowds ${clash.el.outerHTML.slice(0, 80)}`);
    }
  }
  return {checked: targets.length, failures};
}
"""


def _phone(browser, **options):
    context = browser.new_context(viewport=PHONE, **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_changing_the_sort_keeps_focus_on_the_sort_control(seeded_url, page):
    from playwright.sync_api import expect

    page.goto(seeded_url + "/search?near=78701")
    sort = page.get_by_label("Sort by")
    sort.focus()
    sort.select_option("price")  # the script submits the form: a new page loads
    expect(page).to_have_url(re.compile(r"sort=price"))
    expect(page.get_by_label("Sort by")).to_have_value("price")
    expect(page.get_by_label("Sort by")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "sort"

    # Only after a sort change: loading the page another way starts at the top as usual.
    page.reload()
    assert page.evaluate("document.activeElement.id") != "sort"


def _tabs_until(page, predicate_js: str, limit: int = 60) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return presses
    raise AssertionError(f"not reached in {limit} Tab presses")


FIRST_RESULT = "document.activeElement.matches('.result-list li:first-child .result-name a')"


def test_first_result_is_a_few_tab_presses_away_and_filters_stay_reachable(seeded_url, page):
    from playwright.sync_api import expect

    page.goto(seeded_url + "/search?near=78701")
    expect(page.locator("#filters")).to_have_attribute("open", "")  # open beside the results
    presses = _tabs_until(page, FIRST_RESULT)
    # 3 skip links, the brand and 4 navigation links, the search form (5 controls), the sort
    # control and its "How ratings work" link, the place's chip and "Clear all filters": 18. The
    # filter panel's 34 controls come after the results (they came before them until now).
    assert presses <= 18, presses
    filters = "document.activeElement.closest('#filters') !== null"
    assert _tabs_until(page, filters, limit=20) <= 20

    # The skip link gets there quicker: Tab, Tab, Enter lands on the results (their count
    # heading is read out), then past the sort control, its help link and the two chip links.
    page.goto(seeded_url + "/search?near=78701")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    assert _tabs_until(page, FIRST_RESULT, limit=5) == 5


@pytest.mark.parametrize("width", [1280, 390])
def test_targets_are_at_least_24_px_or_spaced(seeded_url, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        profile = "/practitioners/" + _first_result_slug(seeded_url, page)
        for path in ("/", "/search?q=microneedling&near=78701", profile):
            page.goto(seeded_url + path)
            result = page.evaluate(TARGET_SIZE_JS)
            assert result["checked"] > 10, (path, result)
            assert not result["failures"], f"{path} @{width}px:\n" + "\n".join(result["failures"])
    finally:
        context.close()


def _first_result_slug(base_url: str, page) -> str:
    """Ana Lopez's slug (seeded above), as the search page links to her profile."""
    page.goto(base_url + "/search?q=Ana+Lopez")
    href = page.locator(".result-name a").first.get_attribute("href") or ""
    return href.rsplit("/", 1)[-1]


def test_long_unbroken_name_and_email_do_not_widen_account_pages(live_server, browser, make_user):
    from playwright.sync_api import expect

    long_name = "N" * 80  # the longest display name allowed
    email = "e" * 60 + "@" + "x" * 59 + ".org"  # 124 characters without a break
    make_user(email, role="practitioner", name=long_name)
    context, page = _phone(browser)
    try:
        login_via_form(page, live_server.url, email, PASSWORD)
        for path in ("/account/", "/account/settings", "/account/security", "/account/listings"):
            page.goto(live_server.url + path)
            # The name is in the menu: open it, so its width counts too.
            page.get_by_role("navigation", name="Main").locator("summary").click()
            expect(page.get_by_role("link", name=f"Your account: {long_name}")).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        page.goto(live_server.url + "/account/settings")
        assert page.get_by_text(email).first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_moderation_tables_scroll_inside_a_labelled_region_on_a_phone(live_server, browser):
    from tests.e2e.demo_helpers import load_small_demo

    load_small_demo(live_server.app)
    context, page = _phone(browser)
    try:
        log_in_demo(page, live_server.app, live_server.url, ACCOUNTS["moderator"])
        for path in ("/moderation/log", "/moderation/credentials"):
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
            region = page.locator(".table-responsive")
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("tabindex") == "0"
            assert "scrolls sideways" in (region.get_attribute("aria-label") or "")
            # The table is wider than the phone: it scrolls in its region, and the keyboard can
            # scroll it (the region takes focus, arrow keys move it).
            wide = region.evaluate("el => el.scrollWidth > el.clientWidth")
            if wide:
                region.focus()
                page.keyboard.press("ArrowRight")
                # Keyboard scrolling may be smooth: wait for it rather than read it at once.
                page.wait_for_function(
                    "sel => document.querySelector(sel).scrollLeft > 0",
                    arg=".table-responsive",
                    timeout=5000,
                )
    finally:
        context.close()
