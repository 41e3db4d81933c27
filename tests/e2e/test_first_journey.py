"""A newcomer's first visit: read about the treatment, see a practitioner, sign up, return."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import login_via_form
from tests.factories import make_licence, make_listing

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"


def test_home_guide_profile_register_logout_login(mailing_server, page):
    from playwright.sync_api import expect

    live_server = mailing_server
    with live_server.app.app_context():
        listing = make_listing(name="Maria Lopez", clinic="Clear Skin Studio")
        make_licence(listing)
        slug = listing.slug

    # The home page offers a search box and guides.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_label("Treatment, concern or name")).to_be_visible()

    # Read a guide from the home page's teasers.
    page.get_by_role("main").get_by_role("link", name="What is micro-needling?").first.click()
    expect(page).to_have_url(re.compile(r"/guides/what-is-microneedling$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("micro-needling")

    # Look at a practitioner's profile.
    page.goto(f"{live_server.url}/practitioners/{slug}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maria Lopez")

    # Create a patient account from the navigation bar.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/auth/register"))
    page.get_by_label("Looking for treatment (patient)").check()
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Display name").fill("Sam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    # The link in the confirmation email, with the password, confirms and logs in.
    page.goto(mailing_server.wait_for_link("newcomer@example.org", "/auth/confirm/"))
    page.get_by_label("Your Needlewise password").fill(PASSWORD)  # a link alone confirms nothing
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sam")).to_be_visible()

    # Log out, then log back in.
    nav.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    login_via_form(page, live_server.url, "newcomer@example.org", PASSWORD)
    expect(page.get_by_text("Welcome back, Sam.")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
