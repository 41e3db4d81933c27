"""Booking requests: patient asks, owner accepts with a date or declines, attended -> visit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Notification, Visit
from tests.booking_helpers import only_booking, switch_account
from tests.conftest import csrf_token
from tests.review_helpers import owner_and_listing, post_review


@pytest.fixture
def listing(app, make_user):
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org")
    return {"slug": slug, "listing_id": listing_id, "owner_id": owner_id, "patient_id": patient_id}


def _request(client, slug: str, **overrides):
    data = {
        "treatment": "microneedling",
        "preferred_dates": "Weekday mornings next week",
        "message": "Acne scars on both cheeks, skin type IV.",
    }
    data.update(overrides)
    data["csrf_token"] = csrf_token(client, f"/practitioners/{slug}/book")
    return client.post(f"/practitioners/{slug}/book", data=data)


def _owner_post(client, path: str, **data):
    data["csrf_token"] = csrf_token(client, "/account/bookings")
    return client.post(path, data=data)


def test_full_booking_flow_creates_verified_visit(app, client, login, listing):
    login("pat@example.org")
    assert _request(client, listing["slug"]).status_code == 302
    booking = only_booking(app)
    assert booking.status == "requested"

    switch_account(client, login, "owner@example.org")
    page = client.get("/account/bookings").get_data(as_text=True)
    assert "Weekday mornings next week" in page
    day = date.today()
    response = _owner_post(
        client, f"/account/bookings/{booking.id}/accept", appointment_on=day.isoformat()
    )
    assert response.status_code == 302
    assert only_booking(app).status == "accepted"

    response = _owner_post(client, f"/account/bookings/{booking.id}/attended")
    assert response.status_code == 302
    booking = only_booking(app)
    assert booking.status == "attended"
    with app.app_context():
        visit = db.session.get(Visit, booking.visit_id)
        assert (visit.verified_by, visit.visited_on, visit.patient_id) == (
            "booking",
            day,
            listing["patient_id"],
        )

    switch_account(client, login, "pat@example.org")
    assert post_review(client, listing["slug"]).status_code == 302
    profile = client.get(f"/practitioners/{listing['slug']}").get_data(as_text=True)
    assert "Verified visit · booked through Needlewise" in profile


def test_cannot_mark_attended_before_the_date(app, client, login, listing):
    login("pat@example.org")
    _request(client, listing["slug"])
    booking = only_booking(app)
    switch_account(client, login, "owner@example.org")
    later = (date.today() + timedelta(days=7)).isoformat()
    _owner_post(client, f"/account/bookings/{booking.id}/accept", appointment_on=later)
    response = _owner_post(client, f"/account/bookings/{booking.id}/attended")
    assert response.status_code == 302
    assert only_booking(app).status == "accepted"
    page = client.get("/account/bookings").get_data(as_text=True)
    assert "once the appointment date has come" in page
    with app.app_context():
        assert db.session.scalar(select(Visit)) is None


def test_decline_tells_the_patient(app, client, login, listing):
    login("pat@example.org")
    _request(client, listing["slug"])
    booking = only_booking(app)
    switch_account(client, login, "owner@example.org")
    _owner_post(client, f"/account/bookings/{booking.id}/decline", reason="Fully booked in May")
    assert only_booking(app).status == "declined"
    with app.app_context():
        note = db.session.scalar(
            select(Notification).where(Notification.user_id == listing["patient_id"])
        )
        assert "Fully booked in May" in note.message


def test_other_practitioner_cannot_act_on_booking(app, client, make_user, login, listing):
    login("pat@example.org")
    _request(client, listing["slug"])
    booking = only_booking(app)
    make_user("rival@example.org", role="practitioner")
    switch_account(client, login, "rival@example.org")
    response = _owner_post(
        client, f"/account/bookings/{booking.id}/accept", appointment_on=date.today().isoformat()
    )
    assert response.status_code == 404
    assert only_booking(app).status == "requested"


def test_one_waiting_request_at_a_time(app, client, login, listing):
    login("pat@example.org")
    _request(client, listing["slug"])
    response = _request(client, listing["slug"], preferred_dates="Any Saturday")
    assert response.status_code == 400
    assert "already have a request" in response.get_data(as_text=True)
    assert 'value="Any Saturday"' in response.get_data(as_text=True)


def test_unclaimed_listing_points_to_proof(app, client, make_user, login):
    from tests.factories import make_listing

    with app.app_context():
        slug = make_listing(owner_id=None).slug
    make_user("pat@example.org")
    login("pat@example.org")
    response = _request(client, slug)
    assert response.status_code == 400
    assert "send proof of your visit" in response.get_data(as_text=True)


def test_practitioners_cannot_request_bookings(app, client, login, listing):
    login("owner@example.org")
    assert client.get(f"/practitioners/{listing['slug']}/book").status_code == 403


def test_patient_cancels_request(app, client, login, listing):
    login("pat@example.org")
    _request(client, listing["slug"])
    booking = only_booking(app)
    token = csrf_token(client, "/account/")
    response = client.post(f"/account/bookings/{booking.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 302
    assert only_booking(app).status == "cancelled"


def test_booking_form_needs_csrf(app, client, login, listing):
    login("pat@example.org")
    response = client.post(
        f"/practitioners/{listing['slug']}/book",
        data={"treatment": "microneedling", "preferred_dates": "Monday"},
    )
    assert response.status_code == 400
    assert only_booking(app) is None
