"""Booking requests: the second way to a verified visit.

A patient asks for an appointment; the listing's owner accepts with a date or declines; once
the date has passed the owner marks the booking attended, which creates the verified visit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from directory import vocabulary
from directory.dates import nice_date
from directory.extensions import db
from directory.models import BookingRequest, Listing, User
from directory.models.base import utcnow
from directory.models.visits import TIME_SLOTS
from directory.services import ServiceError, notifications
from directory.services.confirmed_email import require_confirmed
from directory.services.visits import aware, check_treatment, new_visit, require_patient_of
from directory.unit_of_work import transactional

OPEN_STATUSES = ("requested", "accepted")
# Statuses in which the practitioner sees the contact details the patient chose to share.
CONTACT_STATUSES = ("accepted", "attended")
EARLIEST, LATEST = time(6, 0), time(22, 0)  # a specific time outside these is a typo
_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-]+$")


@dataclass
class ContactChoice:
    """What the patient agreed to show the practitioner once the booking is accepted."""

    share_email: bool = False
    share_phone: bool = False
    phone: str = ""


def check_requested_time(value: str | None) -> str:
    """``any``, a part of the day, or a clock time between 06:00 and 22:00 as ``HH:MM``."""
    value = (value or "any").strip().lower()
    if value in TIME_SLOTS:
        return value
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if match is None:
        raise ServiceError(
            "Choose a part of the day, or give a time such as 14:30.", "requested_time"
        )
    chosen = time(int(match.group(1)), int(match.group(2)))
    if not EARLIEST <= chosen <= LATEST:
        raise ServiceError("Choose a time between 06:00 and 22:00.", "requested_time")
    return chosen.strftime("%H:%M")


def check_contact(choice: ContactChoice) -> ContactChoice:
    """A phone number is needed to share one, and is stored only when shared."""
    phone = (choice.phone or "").strip()
    if choice.share_phone and not phone:
        raise ServiceError("Enter the phone number you want to share.", "phone")
    if phone and not choice.share_phone:
        raise ServiceError(
            "Tick “Share my phone number” to send it, or leave the phone number empty.", "phone"
        )
    if phone:
        digits = sum(ch.isdigit() for ch in phone)
        if len(phone) > 40 or not _PHONE_CHARS.match(phone) or not 7 <= digits <= 15:
            raise ServiceError(
                "Enter a phone number of 7 to 15 digits, e.g. +1 512 555 0100.", "phone"
            )
    return ContactChoice(bool(choice.share_email), bool(choice.share_phone), phone)


def shared_contact(booking: BookingRequest, viewer: User) -> dict[str, str] | None:
    """The patient's contact details the listing's owner may see: only those the patient
    chose to share, only once the booking is accepted, never of a deleted account."""
    if booking.listing.owner_id != viewer.id or booking.status not in CONTACT_STATUSES:
        return None
    patient = booking.patient
    if patient is None or patient.is_deleted:
        return None
    contact = {}
    if booking.share_email:
        contact["email"] = patient.email
    if booking.share_phone and booking.contact_phone:
        contact["phone"] = booking.contact_phone
    return contact


@transactional
def request_booking(
    patient: User,
    listing: Listing,
    treatment: str,
    preferred_dates: str,
    message: str,
    *,
    requested_time: str = "any",
    contact: ContactChoice | None = None,
) -> BookingRequest:
    """Send the owner an appointment request, with the time of day the patient prefers and
    the contact details they agree to share once it is accepted."""
    require_patient_of(patient, listing)
    require_confirmed(patient, "booking")
    if listing.owner_id is None:
        raise ServiceError(
            "This practitioner has not claimed the listing yet, so nobody can answer a booking "
            "request. If you were treated here, you can send proof of your visit instead."
        )
    if not listing.accepting_new_patients:
        raise ServiceError("This practitioner is not accepting new patients at the moment.")
    check_treatment(treatment)
    preferred_dates = (preferred_dates or "").strip()
    if not preferred_dates:
        raise ServiceError("Tell the practitioner which dates suit you.", "preferred_dates")
    requested_time = check_requested_time(requested_time)
    contact = check_contact(contact or ContactChoice())
    already = db.session.scalar(
        select(BookingRequest.id).where(
            BookingRequest.listing_id == listing.id,
            BookingRequest.patient_id == patient.id,
            BookingRequest.status == "requested",
        )
    )
    if already is not None:
        raise ServiceError(
            "You already have a request waiting for this practitioner's answer.", "treatment"
        )
    booking = BookingRequest(
        listing_id=listing.id,
        patient_id=patient.id,
        treatment=treatment,
        preferred_dates=preferred_dates[:300],
        requested_time=requested_time,
        share_email=contact.share_email,
        share_phone=contact.share_phone,
        contact_phone=contact.phone,
        message=(message or "").strip()[:4000],
        status="requested",
        created_at=utcnow(),
    )
    db.session.add(booking)
    notifications.notify(
        listing.owner,
        "booking",
        f"New booking request for {vocabulary.label(treatment)} at {listing.name}.",
        "/account/bookings",
    )
    return booking


def owned_booking(owner: User, booking_id: int) -> BookingRequest | None:
    """A booking request for one of ``owner``'s listings, or None."""
    booking = db.session.get(BookingRequest, booking_id)
    if booking is None or booking.listing.owner_id != owner.id:
        return None
    return booking


def _owned_booking(owner: User, booking_id: int) -> BookingRequest:
    booking = owned_booking(owner, booking_id)
    if booking is None:
        raise ServiceError("That booking request does not exist.")
    return booking


@transactional
def accept_booking(owner: User, booking_id: int, appointment_on: date | None) -> BookingRequest:
    """Accept a request with an appointment date."""
    booking = _owned_booking(owner, booking_id)
    if booking.status != "requested":
        raise ServiceError("Only a waiting request can be accepted.")
    if appointment_on is None:
        raise ServiceError("Enter the appointment date as YYYY-MM-DD.", "appointment_on")
    if appointment_on < aware(booking.created_at).date():
        raise ServiceError(
            "The appointment cannot be before the patient asked for it.", "appointment_on"
        )
    booking.status = "accepted"
    booking.appointment_on = appointment_on
    booking.decided_at = utcnow()
    notifications.notify(
        booking.patient,
        "booking",
        f"{booking.listing.name} accepted your booking request for {nice_date(appointment_on)}.",
        "/account/",
    )
    return booking


@transactional
def decline_booking(owner: User, booking_id: int, reason: str) -> BookingRequest:
    """Decline a request, with an optional reason shown to the patient."""
    booking = _owned_booking(owner, booking_id)
    if booking.status != "requested":
        raise ServiceError("Only a waiting request can be declined.")
    booking.status = "declined"
    booking.decline_reason = (reason or "").strip()[:300]
    booking.decided_at = utcnow()
    text = f"{booking.listing.name} declined your booking request."
    if booking.decline_reason:
        text += f" Reason: {booking.decline_reason}"
    notifications.notify(booking.patient, "booking", text, "/account/")
    return booking


@transactional
def mark_attended(owner: User, booking_id: int, today: date | None = None) -> BookingRequest:
    """After the appointment date, record that the patient came: a verified visit."""
    booking = _owned_booking(owner, booking_id)
    if booking.status != "accepted" or booking.appointment_on is None:
        raise ServiceError("Only an accepted booking can be marked attended.")
    if booking.appointment_on > (today or date.today()):
        raise ServiceError("You can mark the visit attended once the appointment date has come.")
    visit = new_visit(
        booking.listing, booking.patient_id, booking.treatment, booking.appointment_on, "booking"
    )
    booking.status = "attended"
    booking.visit_id = visit.id
    notifications.notify(
        booking.patient,
        "booking",
        f"Your visit to {booking.listing.name} is verified. You can now review it.",
        f"/practitioners/{booking.listing.slug}/review",
    )
    return booking


@transactional
def cancel_booking(patient: User, booking_id: int) -> BookingRequest:
    """The patient withdraws a request or an accepted appointment."""
    booking = db.session.get(BookingRequest, booking_id)
    if booking is None or booking.patient_id != patient.id:
        raise ServiceError("That booking request does not exist.")
    if booking.status not in OPEN_STATUSES:
        raise ServiceError("This booking can no longer be cancelled.")
    booking.status = "cancelled"
    booking.decided_at = utcnow()
    if booking.listing.owner is not None:
        notifications.notify(
            booking.listing.owner,
            "booking",
            f"A patient cancelled a booking for {booking.listing.name}.",
            "/account/bookings",
        )
    return booking


def owner_bookings(owner: User) -> list[BookingRequest]:
    """Requests for the owner's listings: open ones first, then newest."""
    rows = (
        db.session.scalars(
            select(BookingRequest)
            .join(Listing, Listing.id == BookingRequest.listing_id)
            .where(Listing.owner_id == owner.id)
            .options(contains_eager(BookingRequest.listing), joinedload(BookingRequest.patient))
            .order_by(BookingRequest.created_at.desc(), BookingRequest.id.desc())
        )
        .unique()
        .all()
    )
    return sorted(rows, key=lambda b: b.status not in OPEN_STATUSES)


def patient_bookings(patient: User) -> list[BookingRequest]:
    """The patient's requests, newest first."""
    return list(
        db.session.scalars(
            select(BookingRequest)
            .where(BookingRequest.patient_id == patient.id)
            .options(joinedload(BookingRequest.listing))
            .order_by(BookingRequest.created_at.desc(), BookingRequest.id.desc())
        )
        .unique()
        .all()
    )
