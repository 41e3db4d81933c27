"""Issue 8 §2: redeeming, reviewing and visits from bookings or proofs need a confirmed email.

Attack: a practitioner invites an address it controls, registers it (no confirmation),
redeems the invitation and reviews its own listing 5 stars; a stranger registers someone
else's address and receives the invitations meant for them.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import BookingRequest, Review, User, Visit, VisitProof
from directory.models.base import utcnow
from tests.account_helpers import confirm_by_email, register
from tests.conftest import PASSWORD, csrf_token
from tests.review_helpers import add_visit, owner_and_listing, review_form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _register(client, email: str) -> None:
    """Register through the form, then log in: an unconfirmed account can log in and browse."""
    assert register(client, email=email).status_code == 302
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token(client, "/auth/login")}
    assert client.post("/auth/login", data=data).status_code == 302


def _invitation(client, slug: str, email: str) -> dict:
    return {
        "listing": slug,
        "email": email,
        "treated_on": (date.today() - timedelta(days=3)).isoformat(),
        "treatment": "microneedling",
        "csrf_token": csrf_token(client, "/account/invitations"),
    }


def _invite(client, slug: str, email: str) -> str:
    data = _invitation(client, slug, email)
    html = client.post("/account/invitations", data=data).get_data(as_text=True)
    return re.search(r"/r/([A-Za-z0-9_-]+)", html).group(1)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _confirm(app, email: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.email_confirmed_at = utcnow()
        db.session.commit()


def test_practitioner_cannot_redeem_with_an_address_it_registered(app, client, make_user, login):
    _, slug, listing_id = owner_and_listing(app, make_user)
    login("owner@example.org")
    token = _invite(client, slug, "my-other-inbox@example.org")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})

    _register(client, "my-other-inbox@example.org")  # unconfirmed
    page = client.get(f"/r/{token}")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "confirm your email address" in html
    refused = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    assert refused.status_code == 403
    assert _count(app, Visit) == 0

    # Even with a visit row, an unconfirmed account cannot review: the form says why and
    # keeps what was typed.
    with app.app_context():
        patient_id = db.session.scalar(select(User.id).where(User.email.like("my-other%")))
    add_visit(app, patient_id, listing_id)
    form = client.get(f"/practitioners/{slug}/review").get_data(as_text=True)
    assert "confirm your email address before you write a review" in form
    data = review_form(rating="5", title="Best clinic in town")
    data["csrf_token"] = csrf_token(client, "/account/")
    response = client.post(f"/practitioners/{slug}/review", data=data)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "confirm your email address before you write a review" in html
    assert 'value="Best clinic in town"' in html
    assert _count(app, Review) == 0


def test_stranger_with_someone_elses_unconfirmed_address_cannot_redeem(
    app, client, make_user, login
):
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    token = _invite(client, slug, "real.patient@example.org")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    _register(client, "real.patient@example.org")  # the stranger got there first
    response = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    assert response.status_code == 403
    assert "confirm your email address before you accept a review invitation" in (
        response.get_data(as_text=True)
    )
    assert _count(app, Visit) == 0


def test_web_registered_patient_redeems_once_confirmed_by_the_emailed_link(
    mail_server, app, client, make_user, login
):
    _, slug, _ = owner_and_listing(app, make_user)
    login("owner@example.org")
    client.post("/account/invitations", data=_invitation(client, slug, "new@example.org"))
    token = mail_server.link("new@example.org", "/r/").removeprefix("/r/")
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    _register(client, "new@example.org")
    refused = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    assert refused.status_code == 403
    assert confirm_by_email(client, mail_server, "new@example.org").status_code == 302
    response = client.post(f"/r/{token}", data={"csrf_token": csrf_token(client, "/account/")})
    assert response.status_code == 302
    assert _count(app, Visit) == 1


def test_unconfirmed_booking_request_and_proof_are_refused(app, client, make_user, login):
    _, slug, _ = owner_and_listing(app, make_user)
    make_user("pat@example.org", confirmed=False)
    login("pat@example.org")
    booking = {
        "treatment": "microneedling",
        "preferred_dates": "Any weekday morning",
        "message": "First time",
        "csrf_token": csrf_token(client, f"/practitioners/{slug}/book"),
    }
    response = client.post(f"/practitioners/{slug}/book", data=booking)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "confirm your email address" in html
    assert "Any weekday morning" in html
    proof = {
        "treatment": "microneedling",
        "visited_on": (date.today() - timedelta(days=5)).isoformat(),
        "document": (io.BytesIO(PNG), "receipt.png"),
        "csrf_token": csrf_token(client, f"/practitioners/{slug}/proof"),
    }
    response = client.post(f"/practitioners/{slug}/proof", data=proof)
    assert response.status_code == 403
    assert "confirm your email address before you send proof" in response.get_data(as_text=True)
    assert _count(app, BookingRequest) == 0
    assert _count(app, VisitProof) == 0
    assert not any(Path(app.config["UPLOAD_DIR"]).iterdir())


def test_attended_booking_of_unconfirmed_patient_is_not_a_visit(app, client, make_user, login):
    """An owner cannot turn an unconfirmed account's booking into a verified visit."""
    _, _, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("pat@example.org", confirmed=False)
    with app.app_context():
        booking = BookingRequest(
            listing_id=listing_id,
            patient_id=patient_id,
            treatment="microneedling",
            preferred_dates="soon",
            status="accepted",
            appointment_on=date.today() - timedelta(days=1),
            created_at=utcnow() - timedelta(days=3),
        )
        db.session.add(booking)
        db.session.commit()
        booking_id = booking.id
    login("owner@example.org")
    response = client.post(
        f"/account/bookings/{booking_id}/attended",
        data={"csrf_token": csrf_token(client, "/account/bookings")},
        follow_redirects=True,
    )
    assert "has not confirmed their email address" in response.get_data(as_text=True)
    assert _count(app, Visit) == 0
