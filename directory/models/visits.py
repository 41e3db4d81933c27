"""Verified visits and the three ways to get one: invitation, booking, proof."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

VERIFICATION_METHODS = ("invitation", "booking", "proof")
# A booking's requested time: one of these parts of the day, or a clock time "HH:MM".
TIME_SLOTS = {
    "any": "Any time",
    "morning": "Morning (before 12:00)",
    "afternoon": "Afternoon (12:00 to 17:00)",
    "evening": "Evening (after 17:00)",
}
# A duplicate visit folded into the patient's oldest visit of that day; it only keeps the
# withdrawn review that would otherwise have been a second review of one appointment.
MERGED = "merged"


class Visit(Model):
    """A treatment the platform has verified happened; the only key to writing a review."""

    __tablename__ = "visits"
    # One patient at one listing on one day is one visit, even when two requests race. Visits
    # folded into another by migration 0007 keep the review it withdrew, outside the rule.
    __table_args__ = (
        Index(
            "uq_visits_patient_listing_day",
            "patient_id",
            "listing_id",
            "visited_on",
            unique=True,
            sqlite_where=text("verified_by <> 'merged'"),
            postgresql_where=text("verified_by <> 'merged'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    treatment: Mapped[str] = mapped_column(ForeignKey("treatments.slug"))
    visited_on: Mapped[date] = mapped_column(Date)
    verified_by: Mapped[str] = mapped_column(String(12))  # one of VERIFICATION_METHODS
    verified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    listing = relationship("Listing")
    patient = relationship("User")


class Invitation(Model):
    """A single-use review invitation bound to one patient email and one treatment."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    treated_on: Mapped[date] = mapped_column(Date)
    treatment: Mapped[str] = mapped_column(ForeignKey("treatments.slug"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    redeemed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    redeemed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    listing = relationship("Listing")


class BookingRequest(Model):
    """A patient's appointment request; attended bookings become verified visits."""

    __tablename__ = "booking_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    treatment: Mapped[str] = mapped_column(ForeignKey("treatments.slug"))
    preferred_dates: Mapped[str] = mapped_column(String(300), default="")
    # "any", "morning", "afternoon", "evening" or a clock time "HH:MM" (services.bookings).
    requested_time: Mapped[str] = mapped_column(String(8), default="any", server_default="any")
    message: Mapped[str] = mapped_column(Text, default="")
    # What the patient agreed to show the practitioner once the booking is accepted.
    share_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    share_phone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # requested, accepted, declined, attended or cancelled
    status: Mapped[str] = mapped_column(String(12), default="requested", index=True)
    appointment_on: Mapped[date | None] = mapped_column(Date)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))

    listing = relationship("Listing")
    patient = relationship("User")
    messages = relationship(
        "BookingMessage", order_by="BookingMessage.id", back_populates="booking", lazy="raise"
    )

    @property
    def requested_time_label(self) -> str:
        """The requested time in words: "Morning (before 12:00)" or "At 14:30"."""
        value = self.requested_time or "any"
        return TIME_SLOTS.get(value) or f"At {value}"


class BookingMessage(Model):
    """One message between a booking's patient and the listing's owner."""

    __tablename__ = "booking_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("booking_requests.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    booking = relationship("BookingRequest", back_populates="messages")
    sender = relationship("User")


class VisitProof(Model):
    """Proof of a visit (a receipt) a patient sends to moderators when no one confirms it."""

    __tablename__ = "visit_proofs"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    treatment: Mapped[str] = mapped_column(ForeignKey("treatments.slug"))
    visited_on: Mapped[date] = mapped_column(Date)
    document_name: Mapped[str] = mapped_column(String(80))
    document_mime: Mapped[str] = mapped_column(String(40))
    document_size: Mapped[int] = mapped_column(Integer)
    # pending, verified or rejected
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))

    listing = relationship("Listing")
    patient = relationship("User", foreign_keys=[patient_id])
