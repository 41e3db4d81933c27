"""Messages on a booking: an in-app thread between the patient and the listing's owner.

Only the two parties read or write it. Each message lands in the other party's inbox and, when
mail is configured and they have not turned these emails off, goes to them by email through
the outbox, with a link built from ``SITE_URL`` (``notifications.absolute``), never from the
request. A thread closes when the booking is declined or cancelled, or when either account is
deleted; what was said stays readable to the remaining party until the patient's data is purged.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from directory.extensions import db
from directory.models import BookingMessage, BookingRequest, Listing, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.unit_of_work import transactional

MAX_LENGTH = 2000
OPEN_FOR_MESSAGES = ("requested", "accepted", "attended")


def booking_for(user: User, booking_id: int) -> BookingRequest | None:
    """The booking if ``user`` is its patient or the owner of its listing, else None."""
    booking = db.session.scalar(
        select(BookingRequest)
        .where(BookingRequest.id == booking_id)
        .options(
            joinedload(BookingRequest.listing).joinedload(Listing.owner),
            joinedload(BookingRequest.patient),
        )
    )
    if booking is None or user.id not in (booking.patient_id, booking.listing.owner_id):
        return None
    return booking


def thread(booking: BookingRequest) -> list[BookingMessage]:
    """The booking's messages, oldest first, with their senders (one query)."""
    return list(
        db.session.scalars(
            select(BookingMessage)
            .where(BookingMessage.booking_id == booking.id)
            .options(joinedload(BookingMessage.sender))
            .order_by(BookingMessage.id)
        )
    )


def other_party(booking: BookingRequest, user: User) -> User | None:
    """Who receives what ``user`` writes on ``booking`` (None when the listing has no owner)."""
    return booking.listing.owner if user.id == booking.patient_id else booking.patient


def closed_reason(booking: BookingRequest, user: User) -> str | None:
    """Why ``user`` cannot write on this booking now, or None when they can."""
    if booking.status not in OPEN_FOR_MESSAGES:
        return "Messages are closed because this booking was declined or cancelled."
    other = other_party(booking, user)
    if other is None or other.is_deleted or user.is_deleted:
        return "Messages are closed because the other account no longer exists."
    if other.id != booking.patient_id and booking.listing.owner_id != other.id:
        return "Messages are closed because the listing changed hands."
    return None


@transactional
def send_message(user: User, booking_id: int, body: str) -> BookingMessage:
    """Add a message to the thread and tell the other party (inbox, and email when mail is
    configured); commits."""
    booking = booking_for(user, booking_id)
    if booking is None:
        raise ServiceError("That booking does not exist.")
    reason = closed_reason(booking, user)
    if reason:
        raise ServiceError(reason, "body")
    body = (body or "").strip()
    if not body:
        raise ServiceError("Write a message first.", "body")
    if len(body) > MAX_LENGTH:
        raise ServiceError(f"Keep the message under {MAX_LENGTH} characters.", "body")
    message = BookingMessage(
        booking_id=booking.id, sender_id=user.id, body=body, created_at=utcnow()
    )
    db.session.add(message)
    other = other_party(booking, user)
    assert other is not None  # closed_reason refused a thread without a recipient
    if user.id == booking.patient_id:
        opening = f"{user.display_name} wrote about their booking at {booking.listing.name}:"
    else:
        opening = f"{booking.listing.name} wrote about your booking:"
    notifications.notify(
        other, "message", f"{opening}\n\n{body}", f"/account/bookings/{booking.id}"
    )
    return message
