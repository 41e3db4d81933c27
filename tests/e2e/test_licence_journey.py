"""An owner submits a licence, a moderator opens the document and approves it, and the verified
badge appears on the profile and in search results."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest

from directory.services import accounts
from tests.credentials_helpers import PDF
from tests.e2e.conftest import login_via_form
from tests.factories import make_listing

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"


def test_owner_submits_moderator_approves_badge_appears(live_server, page):
    from playwright.sync_api import expect

    app = live_server.app
    with app.app_context():
        owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Olivia")
        accounts.create_user("mod@example.org", PASSWORD, "moderator", "Morgan")
        listing = make_listing(owner_id=owner.id, name="Olivia Reyes", clinic="Reyes Skin Lab")
        slug = listing.slug
    assert app.test_cli_runner().invoke(args=["search", "reindex"]).exit_code == 0
    base = live_server.url
    expiry = (date.today() + timedelta(days=500)).isoformat()

    # The owner submits a licence with its scanned document.
    login_via_form(page, base, "owner@example.org", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Licences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your licences")
    page.get_by_label("Listing").select_option(slug)
    page.get_by_label("Licence type").fill("Registered Nurse")
    page.get_by_label("Licence number").fill("RN-774411")
    page.get_by_label("Issuing authority").fill("Texas Board of Nursing")
    page.get_by_label("State").select_option(label="Texas")
    page.get_by_label("Expiry date").fill(expiry)
    page.get_by_label("Copy of the licence").set_input_files(
        {"name": "my licence.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("A moderator will check your licence")).to_be_visible()
    expect(page.locator(".licence-card")).to_contain_text("Pending review")
    nav.get_by_role("button", name="Log out").click()

    # The moderator finds it in the queue, downloads the document and approves.
    # Staff must turn on two-factor first: the moderator scans (here: reads) the key, enters
    # the code an authenticator app would show and is handed one-time recovery codes.
    login_via_form(page, base, "mod@example.org", PASSWORD)
    nav.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    secret = page.locator(".totp-secret").inner_text().strip()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication is on")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    # From now on the password alone is not enough: log out, and back in with the app's code
    # (the next one: a code works once, and the current one was just used).
    page.get_by_role("button", name="Log out").click()
    login_via_form(page, base, "mod@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    nav.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Credential queue")
    expect(page.get_by_role("link", name="Texas Board of Nursing")).to_have_attribute(
        "href", re.compile(r"^https://www\.bon\.texas\.gov/")
    )
    page.get_by_role("link", name=re.compile(r"Review\s+licence RN-774411")).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the document").click()
    download = download_info.value
    assert re.fullmatch(r"licence-\d+\.pdf", download.suggested_filename)
    assert Path(download.path()).read_bytes() == PDF
    page.get_by_label("Approve: the board's record matches this licence").check()
    page.get_by_label("Note to the owner").fill("Active on the BON lookup.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Licence RN-774411 approved.")).to_be_visible()

    # Anyone now sees the badge on the profile and in verified-only search results.
    nav.get_by_role("button", name="Log out").click()
    page.goto(f"{base}/practitioners/{slug}")
    expect(page.locator(".profile-badges")).to_contain_text("Licence verified")
    page.goto(f"{base}/search?verified=true")
    result = page.get_by_role("main").locator("article, li").filter(has_text="Olivia Reyes").first
    expect(result).to_contain_text("Licence verified")
