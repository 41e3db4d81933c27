"""Finding a practitioner: home page search, a filter, sorting, autocomplete, the profile."""

from __future__ import annotations

import re

import pytest

from directory import indexing
from tests.search_app_helpers import seed_listings

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded_server(live_server):
    with live_server.app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
        seeded = seed_listings()
        slugs = {"ana": seeded.ana.slug, "ben": seeded.ben.slug}
    return live_server, slugs


def test_home_search_filter_sort_profile(seeded_server, page):
    from playwright.sync_api import expect

    server, slugs = seeded_server
    page.goto(server.url + "/")
    page.get_by_label("Near").fill("78701")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search\?q=&near=78701"))
    results = page.get_by_role("heading", level=2, name=re.compile("practitioners within"))
    expect(results).to_contain_text("2 practitioners within 40 km of Austin, TX")
    expect(page.locator(".result-name")).to_have_count(2)

    # Sorting re-runs the search as soon as it changes (no button needed with scripts on).
    page.get_by_label("Sort by").select_option("price")
    expect(page).to_have_url(re.compile(r"sort=price"))
    expect(page.locator(".result-name").first).to_contain_text("Ana Lopez")

    # A filter narrows the results and shows up as a removable chip.
    page.get_by_label("Verified licence only").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"verified=true"))
    expect(page.locator(".result-name")).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile("Verified licence only"))).to_be_visible()

    page.get_by_role("link", name="Ana Lopez").click()
    expect(page).to_have_url(re.compile(f"/practitioners/{slugs['ana']}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana Lopez")


def test_autocomplete_leads_to_a_profile(seeded_server, page):
    from playwright.sync_api import expect

    server, slugs = seeded_server
    page.goto(server.url + "/search")
    box = page.get_by_role("combobox", name="Treatment, concern or name")
    box.press_sequentially("cart", delay=30)
    option = page.get_by_role("option", name=re.compile("Ben Carter"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(f"/practitioners/{slugs['ben']}$"))
