"""Licences and their vetting workflow (CONTRACT section 2 statuses)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

LICENCE_STATUSES = ("pending", "verified", "rejected", "expired", "revoked")


class Licence(Model):
    """A professional licence claimed by a listing, with its supporting document."""

    __tablename__ = "licences"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(60))
    authority: Mapped[str] = mapped_column(String(160))
    jurisdiction: Mapped[str] = mapped_column(String(10))  # ISO 3166-2, e.g. US-TX
    expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)

    # Stored outside static/ under a random name; never served publicly.
    document_name: Mapped[str | None] = mapped_column(String(80))
    document_mime: Mapped[str | None] = mapped_column(String(40))
    document_size: Mapped[int | None] = mapped_column(Integer)
    document_original_name: Mapped[str | None] = mapped_column(String(200))

    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # The next date a moderator must look at the licence again: its expiry, or a configurable
    # period (LICENCE_RECHECK_MONTHS) after verification when the licence has no expiry. Past
    # it the licence stays "verified" in the workflow but counts for no badge (CONTRACT §3).
    recheck_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Reminders to the owner before ``recheck_due_on``, each sent once per re-check date:
    # 90 days ahead (early_notice_sent_on) and 30 days ahead (expiry_notice_sent_on).
    early_notice_sent_on: Mapped[date | None] = mapped_column(Date)
    expiry_notice_sent_on: Mapped[date | None] = mapped_column(Date)
    # An import line that claimed "verified": where it came from, for moderators
    # ("the source file says verified"). Never grants a badge by itself.
    source_claim: Mapped[str] = mapped_column(String(300), default="")

    listing = relationship("Listing", back_populates="licences")
    verified_by = relationship("User", foreign_keys=[verified_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def valid_through(self) -> date | None:
        """The last day this licence counts for a badge (``licence_valid_through``)."""
        return licence_valid_through(self.status, self.expires_on, self.recheck_due_on)

    def is_current(self, today: date | None = None) -> bool:
        """Verified, and neither expired nor past its re-check date."""
        through = self.valid_through
        return through is not None and through >= (today or date.today())

    def recheck_overdue(self, today: date | None = None) -> bool:
        """Verified but past its re-check date while its expiry (if any) is still ahead:
        shown as "due for re-verification" and worth no badge."""
        if self.status != "verified" or self.recheck_due_on is None:
            return False
        day = today or date.today()
        return self.recheck_due_on < day and (self.expires_on is None or self.expires_on >= day)

    def __repr__(self) -> str:
        return f"<Licence {self.id} {self.status}>"


def licence_valid_through(
    status: str, expires_on: date | None, recheck_due_on: date | None
) -> date | None:
    """The last day a licence counts for a badge: the earlier of its expiry and its re-check
    date. None when it is not verified (or has neither date)."""
    if status != "verified":
        return None
    days = [day for day in (expires_on, recheck_due_on) if day is not None]
    return min(days) if days else None
