"""Bookings that work: the requested time, contact details shown only after acceptance and only
as the patient chose, and the message thread between the two parties (mailed through the
outbox with links from SITE_URL), tried also as an outsider and after an account is deleted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import BookingMessage, BookingRequest, User
from directory.services import account_deletion, data_export
from tests.booking_helpers import only_booking, switch_account
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing


@pytest.fixture
def parties(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org", name="Pat Smith")
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id, "patient_id": patient_id}


def _book(client, slug: str, **overrides):
    data = {
        "treatment": "microneedling",
        "preferred_dates": "Any weekday next week",
        "time_of_day": "evening",
        "share_email": "y",
        "share_phone": "y",
        "phone": "+1 512 555 0100",
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    data["csrf_token"] = csrf_token(client, f"/practitioners/{slug}/book")
    return client.post(f"/practitioners/{slug}/book", data=data)


def _accept(client, booking_id: int):
    token = csrf_token(client, "/account/bookings")
    return client.post(
        f"/account/bookings/{booking_id}/accept",
        data={"appointment_on": date.today().isoformat(), "csrf_token": token},
    )


def _message(client, booking_id: int, body: str):
    token = csrf_token(client, "/account/")
    return client.post(
        f"/account/bookings/{booking_id}/messages", data={"body": body, "csrf_token": token}
    )


def _messages(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [
            (m.sender_id, m.body)
            for m in db.session.scalars(select(BookingMessage).order_by(BookingMessage.id))
        ]


# --- requested time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, stored, shown",
    [
        ({"time_of_day": "morning"}, "morning", "Morning (before 12:00)"),
        ({"time_of_day": "exact", "exact_time": "14:30"}, "14:30", "At 14:30"),
        ({"time_of_day": None}, "any", "Any time"),
    ],
)
def test_the_requested_time_reaches_the_practitioner(
    app, client, login, parties, fields, stored, shown
):
    login("pat@example.org")
    assert _book(client, parties["slug"], **fields).status_code == 302
    assert only_booking(app).requested_time == stored
    switch_account(client, login, "owner@example.org")
    assert shown in client.get("/account/bookings").get_data(as_text=True)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"time_of_day": "exact"}, "Give the time you would like"),
        ({"time_of_day": "morning", "exact_time": "09:00"}, "Choose “At a specific time”"),
        ({"time_of_day": "exact", "exact_time": "03:00"}, "between 06:00 and 22:00"),
        ({"time_of_day": "exact", "exact_time": "25:99"}, "give a time such as 14:30"),
        ({"time_of_day": "midnight"}, "Not a valid choice"),
    ],
)
def test_a_bad_requested_time_is_refused_with_a_reason(
    app, client, login, parties, fields, message
):
    login("pat@example.org")
    response = _book(client, parties["slug"], **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert only_booking(app) is None


# --- contact details ---------------------------------------------------------------------


def test_contact_details_appear_only_after_acceptance(app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    switch_account(client, login, "owner@example.org")
    before = client.get("/account/bookings").get_data(as_text=True)
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    for html in (before, page):
        assert "pat@example.org" not in html and "555 0100" not in html
    assert "appear here once you accept" in page
    _accept(client, booking.id)
    after = client.get("/account/bookings").get_data(as_text=True)
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    for html in (after, page):
        assert "pat@example.org" in html and "+1 512 555 0100" in html


def test_only_what_the_patient_ticked_is_shown(app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"], share_phone=None, phone=None)
    booking = only_booking(app)
    assert (booking.share_email, booking.share_phone, booking.contact_phone) == (True, False, "")
    switch_account(client, login, "owner@example.org")
    _accept(client, booking.id)
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    assert "pat@example.org" in page and "tel:" not in page


def test_nothing_shared_means_nothing_shown(app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"], share_email=None, share_phone=None, phone=None)
    booking = only_booking(app)
    switch_account(client, login, "owner@example.org")
    _accept(client, booking.id)
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    assert "pat@example.org" not in page
    assert "did not share an email address or phone number" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"phone": None}, "Enter the phone number you want to share."),
        ({"share_phone": None}, "Tick “Share my phone number”"),
        ({"phone": "call me maybe"}, "Enter a phone number of 7 to 15 digits"),
        ({"phone": "12"}, "Enter a phone number of 7 to 15 digits"),
    ],
)
def test_a_bad_phone_choice_is_refused(app, client, login, parties, fields, message):
    login("pat@example.org")
    response = _book(client, parties["slug"], **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert only_booking(app) is None


# --- messages ----------------------------------------------------------------------------


def test_patient_and_practitioner_exchange_messages_by_inbox_and_email(
    mail_server, app, client, login, parties
):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    response = _message(client, booking.id, "Is there parking <near> the clinic?")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/account/bookings/{booking.id}#messages")

    mails = mail_server.to("owner@example.org")
    assert mails[-1]["Subject"] == "New message about a booking"
    assert "Is there parking <near> the clinic?" in mails[-1].get_content()
    # The link comes from SITE_URL, not from the Host the request named.
    assert mail_server.link("owner@example.org", "/account/bookings/") == (
        f"/account/bookings/{booking.id}"
    )

    switch_account(client, login, "owner@example.org")
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    assert "Is there parking &lt;near&gt; the clinic?" in page  # escaped
    assert _message(client, booking.id, "Yes, free parking behind the building.").status_code == 303
    assert "free parking" in mail_server.to("pat@example.org")[-1].get_content()
    assert _messages(app) == [
        (parties["patient_id"], "Is there parking <near> the clinic?"),
        (parties["owner_id"], "Yes, free parking behind the building."),
    ]


def test_the_host_header_does_not_reach_the_email(mail_server, app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    token = csrf_token(client, "/account/")
    client.post(
        f"/account/bookings/{booking.id}/messages",
        data={"body": "Hello", "csrf_token": token},
        headers={"Host": "evil.example"},
    )
    content = mail_server.to("owner@example.org")[-1].get_content()
    assert "evil.example" not in content and "https://needlewise.example/account/" in content


def test_outsiders_can_neither_read_nor_write(app, client, make_user, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    _message(client, booking.id, "Private question about my skin")
    make_user("other@example.org")
    make_user("rival@example.org", role="practitioner")
    for email in ("other@example.org", "rival@example.org"):
        switch_account(client, login, email)
        assert client.get(f"/account/bookings/{booking.id}").status_code == 404
        assert _message(client, booking.id, "Let me in").status_code == 404
    assert len(_messages(app)) == 1


def test_anonymous_and_csrf_less_messages_are_refused(app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    response = client.post(f"/account/bookings/{booking.id}/messages", data={"body": "no token"})
    assert response.status_code == 400
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    assert client.get(f"/account/bookings/{booking.id}").status_code == 302
    assert _messages(app) == []


@pytest.mark.parametrize(
    "body, message",
    [("   ", "Write a message first."), ("x" * 2001, "Field cannot be longer than 2000")],
)
def test_empty_and_long_messages_are_refused(app, client, login, parties, body, message):
    login("pat@example.org")
    _book(client, parties["slug"])
    response = _message(client, only_booking(app).id, body)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _messages(app) == []


def test_a_cancelled_booking_closes_the_thread(app, client, login, parties):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    client.post(
        f"/account/bookings/{booking.id}/cancel",
        data={"csrf_token": csrf_token(client, "/account/")},
    )
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    assert "Messages are closed" in page and 'name="body"' not in page
    assert _message(client, booking.id, "Still there?").status_code == 400
    assert _messages(app) == []


def test_deleting_the_patient_purges_the_thread_and_phone_and_closes_it(
    app, client, login, parties
):
    login("pat@example.org")
    _book(client, parties["slug"])
    booking = only_booking(app)
    _message(client, booking.id, "My phone is +1 512 555 0100")
    with app.app_context():
        exported = data_export.build_export(db.session.get(User, parties["patient_id"]))
    assert [m["body"] for m in exported["booking_messages"]] == ["My phone is +1 512 555 0100"]
    assert exported["bookings"][0]["contact_phone"] == "+1 512 555 0100"
    switch_account(client, login, "owner@example.org")
    _accept(client, booking.id)  # an accepted booking stays accepted through the purge
    with app.app_context():
        account_deletion.purge_account(parties["patient_id"])
        db.session.commit()
        assert db.session.scalar(select(func.count(BookingMessage.id))) == 0
        row = db.session.get(BookingRequest, booking.id)
        assert (row.contact_phone, row.share_email, row.share_phone) == ("", False, False)
    page = client.get(f"/account/bookings/{booking.id}").get_data(as_text=True)
    assert "the other account no longer exists" in page
    assert _message(client, booking.id, "Hello?").status_code == 400


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config: dict) -> dict:
        return {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "BOOKING_MESSAGE_RATE_LIMIT": "2 per minute",
        }

    def test_messages_are_rate_limited(self, app, client, login, parties):
        login("pat@example.org")
        _book(client, parties["slug"])
        booking = only_booking(app)
        assert _message(client, booking.id, "one").status_code == 303
        assert _message(client, booking.id, "two").status_code == 303
        assert _message(client, booking.id, "three").status_code == 429
        assert [body for _, body in _messages(app)] == ["one", "two"]
