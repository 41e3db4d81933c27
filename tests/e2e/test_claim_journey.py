"""Claiming an imported listing in a real browser (issue 10): a listing made from the vendored
NPPES sample by the real import, a practitioner claims it with a licence document, a moderator
(enrolling in two-factor first) approves it, and the new owner edits the listing, invites a
patient, and the profile says "Claimed by the practitioner"."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Listing
from directory.services import accounts
from tests.credentials_helpers import PNG
from tests.e2e.conftest import login_via_form

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough passphrase"
NPI_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "npi" / "nppes_monthly.csv"
COOPER_NPI, COOPER_LICENCE = "1932510609", "RN136292"


def _log_out(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def test_claim_approve_edit_invite_and_the_profile_says_claimed(live_server, page):
    from playwright.sync_api import expect

    app = live_server.app
    cli = app.test_cli_runner()
    # The sample holds a few rows the import reports and skips (exit status 1); ours is fine.
    imported = cli.invoke(args=["import", "npi", str(NPI_SAMPLE)])
    with app.app_context():
        listing = db.session.scalar(
            select(Listing).where(Listing.external_id == f"npi:{COOPER_NPI}")
        )
        assert listing is not None and listing.owner_id is None, imported.output
        slug, name = listing.slug, listing.name
        accounts.create_user(
            "cooper@example.org", PASSWORD, "practitioner", "Chandra Cooper", confirmed=True
        )
        accounts.create_user("mod@example.org", PASSWORD, "moderator", "Morgan")
        accounts.create_user("pat@example.org", PASSWORD, "patient", "Pat", confirmed=True)
    assert cli.invoke(args=["search", "reindex"]).exit_code == 0
    base = live_server.url
    profile = f"{base}/practitioners/{slug}"

    # The practitioner finds the unclaimed listing, logs in from it and claims it.
    page.goto(profile)
    expect(page.locator(".badge-unclaimed")).to_have_text("Unclaimed")
    expect(page.get_by_text("created from public registry data")).to_be_visible()
    page.get_by_role("link", name="Claim this listing").click()
    page.get_by_label("Email").fill("cooper@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim this listing")
    page.get_by_label("Your NPI").fill(COOPER_NPI)
    page.get_by_label("Licence number").fill(COOPER_LICENCE)
    page.get_by_label("Copy of your licence").set_input_files(
        {"name": "licence scan.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Send the claim").click()
    expect(page.get_by_text("A moderator will check your claim")).to_be_visible()
    _log_out(page)

    # The moderator turns on two-factor, then approves the claim from the claims queue.
    login_via_form(page, base, "mod@example.org", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    secret = page.locator(".totp-secret").inner_text().strip()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication is on")
    nav.get_by_role("link", name="Moderation").click()
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Claims").click()
    page.get_by_role("link", name=re.compile(r"Review\s+claim \d+")).click()
    expect(page.get_by_text("matches the listing")).to_be_visible()
    expect(page.get_by_text(COOPER_LICENCE).first).to_be_visible()
    page.get_by_label("Approve: the account becomes the listing's owner").check()
    page.get_by_role("button", name=re.compile("Record decision|Decide|Save")).click()
    expect(page.get_by_text(f"Claim on {name} approved.")).to_be_visible()
    _log_out(page)

    # The new owner adds a treatment to the listing and invites a treated patient.
    login_via_form(page, base, "cooper@example.org", PASSWORD)
    page.goto(f"{base}/account/listings/{slug}/edit")
    page.get_by_label("Micro-needling", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    page.goto(f"{base}/account/invitations")
    page.get_by_label("Listing").select_option(slug)
    page.get_by_label("Patient's email").fill("pat@example.org")
    page.get_by_label("Treatment date").fill((date.today() - timedelta(days=7)).isoformat())
    page.get_by_label("Treatment", exact=True).select_option("microneedling")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    assert re.search(r"/r/[A-Za-z0-9_-]{16,}$", link)
    _log_out(page)

    # Anyone now sees who wrote the listing, and the treatment its owner added.
    page.goto(profile)
    expect(page.locator(".badge-claimed")).to_have_text("Claimed by the practitioner")
    expect(page.locator(".badge-unclaimed")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Micro-needling")
