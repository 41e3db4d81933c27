"""The home page search box: autocomplete (an ARIA combobox driven by the keyboard) and
"Use my location", which asks the browser where it is and works without it."""

from __future__ import annotations

import re

import pytest

from tests.search_app_helpers import ROUND_ROCK

pytestmark = pytest.mark.e2e

# A little north of Round Rock: Ben's clinic is about 2 km away, Ana's (Austin) about 30 km,
# Cara's (Boston) outside any radius.
HERE = {"latitude": ROUND_ROCK[0] + 0.02, "longitude": ROUND_ROCK[1]}


def _context(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(10_000)
    return context


def test_home_autocomplete_is_a_keyboard_combobox(seeded_url, page):
    from playwright.sync_api import expect

    page.goto(seeded_url + "/")
    box = page.get_by_role("combobox", name="Treatment, concern or name")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("ana lo", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", "home-q-suggestions")

    # Escape closes the list and leaves the text as typed.
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("ana lo")

    # Down opens it again and moves the active option; focus stays in the box.
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    option = page.get_by_role("option", name=re.compile("Ana Lopez"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "?")
    expect(box).to_be_focused()

    # Enter chooses it: a practitioner suggestion opens the profile.
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/practitioners/ana-lopez"))


def test_use_my_location_searches_nearest_first(seeded_url, browser):
    from playwright.sync_api import expect

    context = _context(browser, geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    try:
        page.goto(seeded_url + "/")
        page.get_by_role("button", name="Use my location").click()
        expect(page).to_have_url(re.compile(r"/search\?.*sort=distance"))
        assert "near=30.528%2C-97.679" in page.url  # rounded to about 100 m
        names = page.locator(".result-name a")
        expect(names).to_have_text(["Ben Carter", "Ana Lopez"])
        distances = [
            float(re.search(r"[\d.]+", text).group())  # type: ignore[union-attr]
            for text in page.locator(".result-distance").all_inner_texts()
        ]
        assert distances == sorted(distances) and len(distances) == 2, distances
        expect(page.get_by_label("Sort by")).to_have_value("distance")
    finally:
        context.close()


def test_use_my_location_refused_says_so_and_offers_the_place_box(seeded_url, browser):
    from playwright.sync_api import expect

    context = _context(browser)  # no geolocation permission: the browser refuses
    page = context.new_page()
    try:
        page.goto(seeded_url + "/")
        page.get_by_role("button", name="Use my location").click()
        message = page.get_by_role("status").filter(has_text="did not share your location")
        expect(message).to_contain_text("Type a ZIP code or a city and state")
        expect(page.get_by_label("Near")).to_be_focused()
        expect(page).to_have_url(seeded_url + "/")
    finally:
        context.close()


def test_without_javascript_only_the_place_box_shows(seeded_url, browser):
    from playwright.sync_api import expect

    context = _context(browser, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seeded_url + "/")
        expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
        page.get_by_label("Near").fill("78664")
        page.get_by_role("search").get_by_role("button", name="Search", exact=True).click()
        heading = page.get_by_role("heading", level=2, name=re.compile("practitioners within"))
        expect(heading).to_contain_text("2 practitioners within 40 km of Round Rock, TX")
    finally:
        context.close()
