"""An account's life in a real browser, with real email: register, confirm from the emailed link,
forget the password, reset it from the emailed link; the old password stops working."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import login_via_form

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"
NEW_PASSWORD = "violet canyon morning tea"
EMAIL = "robin@example.org"


def test_register_confirm_forget_and_reset(mailing_server, page):
    from playwright.sync_api import expect

    base = mailing_server.url
    nav = page.get_by_role("navigation", name="Main")
    main = page.get_by_role("main")

    # Register: the page asks to check the inbox and nobody is logged in yet.
    page.goto(f"{base}/auth/register")
    page.get_by_label("Looking for treatment (patient)").check()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    main.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    expect(main).to_contain_text(f"We sent a link to {EMAIL} to finish creating your account")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    # An unconfirmed account can log in; its account page asks to confirm.
    login_via_form(page, base, EMAIL, PASSWORD)
    banner = page.get_by_role("region", name="Email confirmation")
    expect(banner).to_contain_text("Confirm your email address")
    expect(banner.get_by_role("button", name="Send the link again")).to_be_visible()

    # The email arrived at the SMTP server; its link and the password confirm the address.
    page.goto(mailing_server.wait_for_link(EMAIL, "/auth/confirm/"))
    page.get_by_label("Your Needlewise password").fill(PASSWORD)  # a link alone confirms nothing
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("Thank you: your email address is confirmed.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(banner).to_have_count(0)
    nav.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    # Forgot password, from the login page.
    page.goto(f"{base}/auth/login")
    main.get_by_role("link", name="Forgot password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    page.get_by_label("Email").fill(EMAIL)
    main.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    page.goto(mailing_server.wait_for_link(EMAIL, "/auth/password/reset/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    main.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Log in with your new password.")).to_be_visible()

    # The old password is refused; the new one works.
    login_via_form(page, base, EMAIL, PASSWORD)
    expect(page.get_by_text("Email or password is incorrect.")).to_be_visible()
    login_via_form(page, base, EMAIL, NEW_PASSWORD)
    expect(page.get_by_text("Welcome back, Robin.")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
