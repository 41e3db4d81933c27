"""Helpers shared by the booking tests."""

from __future__ import annotations

from sqlalchemy import select

from directory.extensions import db
from directory.models import BookingRequest
from tests.conftest import csrf_token


def switch_account(client, login, email: str) -> None:
    """Log the test client out and in again as ``email``."""
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/account/")})
    login(email)


def only_booking(app) -> BookingRequest | None:
    """The one booking request in the database (detached), or None."""
    with app.app_context():
        booking = db.session.scalar(select(BookingRequest))
        db.session.expunge_all()
        return booking
