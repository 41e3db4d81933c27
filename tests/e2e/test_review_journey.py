"""The verified-review journey in a real browser: the owner invites, the patient redeems and
reviews, the owner replies, and the profile and search results show it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login_via_form
from tests.factories import make_licence, make_listing

pytestmark = pytest.mark.e2e


def _log_out(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def test_invite_redeem_review_reply_profile_and_search(live_server, page):
    from playwright.sync_api import expect

    from directory.services import accounts

    app = live_server.app
    with app.app_context():
        owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Dr Vale")
        # Only a confirmed address may redeem an invitation and review.
        accounts.create_user("maria@example.org", PASSWORD, "patient", "Maria", confirmed=True)
        listing = make_listing(owner_id=owner.id, name="Rowan Vale", clinic="Vale Skin Clinic")
        make_licence(listing)
        slug = listing.slug
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output

    # The owner invites a treated patient; the page shows the single-use link.
    login_via_form(page, live_server.url, "owner@example.org", PASSWORD)
    page.goto(f"{live_server.url}/account/invitations")
    expect(page.get_by_text("Never offer anything in return for a review")).to_be_visible()
    page.get_by_label("Patient's email").fill("maria@example.org")
    page.get_by_label("Treatment date").fill((date.today() - timedelta(days=14)).isoformat())
    page.get_by_label("Treatment", exact=True).select_option("microneedling")
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    assert re.search(r"/r/[A-Za-z0-9_-]{16,}$", link)
    _log_out(page)

    # The patient opens the link, logs in with the invited email and accepts.
    page.goto(link)
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("maria@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Rowan Vale invites you to review your visit.")).to_be_visible()
    page.get_by_role("button", name="Accept and write my review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review Rowan Vale")

    # ...and writes the review.
    for legend in ("Overall", "Results", "Cleanliness", "Communication", "Value for money"):
        page.get_by_role("group", name=legend).locator("label", has_text="5").click()
    page.get_by_role("group", name="Comfort").locator("label", has_text="4").click()
    page.get_by_label("Yes, worth it").check()
    page.get_by_label("Price you paid per session (USD)").fill("350")
    page.get_by_label("Number of sessions so far").fill("3")
    page.get_by_label("Acne scars").check()
    page.get_by_label("Redness").check()
    page.get_by_label("How many days did they last?").fill("2")
    page.get_by_label("Title").fill("Scars visibly softer")
    page.get_by_label("Your experience").fill(
        "Three sessions in, my rolling scars are shallower and the clinic explained every step."
    )
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("Your review is published.")).to_be_visible()
    review = page.locator("article.review").first
    expect(review).to_contain_text("Scars visibly softer")
    expect(review).to_contain_text("Verified visit · invited by practitioner")
    _log_out(page)

    # The owner replies; the reply screen shows neither the reviewer nor the visit date.
    login_via_form(page, live_server.url, "owner@example.org", PASSWORD)
    page.goto(f"{live_server.url}/account/reviews")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Scars visibly softer")
    expect(main).not_to_contain_text("Maria")
    page.get_by_label("Your public reply").fill("Thank you for sharing how the treatment went.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is published.")).to_be_visible()

    # The public profile shows the review, its label, the reply and the new rating.
    page.goto(f"{live_server.url}/practitioners/{slug}")
    review = page.locator("article.review").first
    expect(review).to_contain_text("Verified visit · invited by practitioner")
    expect(review).to_contain_text("Response from Rowan Vale")
    expect(page.locator(".review-average-number")).to_have_text("5.0")

    # Search results carry the updated rating.
    page.goto(f"{live_server.url}/search?q=Rowan+Vale")
    result = page.locator(f"a[href='/practitioners/{slug}']").first
    expect(result).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("5.0")
    expect(page.get_by_role("main")).to_contain_text("(1 review)")
