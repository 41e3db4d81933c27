"""The booking journey in a real browser: the patient requests an evening appointment and
shares an email address and phone number; the practitioner sees neither until accepting, then
sees both; they exchange messages on the booking's page."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login_via_form
from tests.factories import make_listing

pytestmark = pytest.mark.e2e


def _log_out(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()


def test_request_with_time_accept_see_contact_and_exchange_messages(live_server, page):
    from playwright.sync_api import expect

    from directory.services import accounts

    app = live_server.app
    with app.app_context():
        owner = accounts.create_user("owner@example.org", PASSWORD, "practitioner", "Dr Vale")
        accounts.create_user("maria@example.org", PASSWORD, "patient", "Maria", confirmed=True)
        slug = make_listing(owner_id=owner.id, name="Rowan Vale").slug

    # The patient asks for an evening appointment and shares email and phone.
    login_via_form(page, live_server.url, "maria@example.org", PASSWORD)
    page.goto(f"{live_server.url}/practitioners/{slug}/book")
    page.get_by_label("Treatment").select_option("microneedling")
    page.get_by_label("Dates that suit you").fill("Any weekday next week")
    page.get_by_label("Evening (after 17:00)").check()
    page.get_by_label("Share my email address").check()
    page.get_by_label("Share my phone number").check()
    page.get_by_label("Phone number (optional)").fill("+1 512 555 0100")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    _log_out(page)

    # The practitioner sees the request and the time, not the contact details yet.
    login_via_form(page, live_server.url, "owner@example.org", PASSWORD)
    page.goto(f"{live_server.url}/account/bookings")
    booking = page.locator("li.booking").first
    expect(booking).to_contain_text("Evening (after 17:00)")
    expect(booking).not_to_contain_text("maria@example.org")
    expect(booking).not_to_contain_text("555 0100")
    booking.get_by_label("Appointment date").fill(date.today().isoformat())
    booking.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Booking accepted.")).to_be_visible()
    booking = page.locator("li.booking").first
    expect(booking).to_contain_text("maria@example.org")
    expect(booking).to_contain_text("+1 512 555 0100")

    # A message on the booking's page.
    booking.get_by_role("link", name="Open the booking and its messages").click()
    page.get_by_label("Your message").fill("See you at 18:00. Parking is behind the clinic.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    _log_out(page)

    # The patient reads it and answers.
    login_via_form(page, live_server.url, "maria@example.org", PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Open the booking and its messages").click()
    thread = page.locator("ol.booking-thread")
    expect(thread).to_contain_text("Parking is behind the clinic.")
    page.get_by_label("Your message").fill("Thank you, see you then.")
    page.get_by_role("button", name="Send message").click()
    expect(thread).to_contain_text("Thank you, see you then.")
    expect(thread.locator("li")).to_have_count(2)
