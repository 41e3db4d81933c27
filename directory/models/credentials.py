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
    expiry_notice_sent_on: Mapped[date | None] = mapped_column(Date)

    listing = relationship("Listing", back_populates="licences")
    verified_by = relationship("User", foreign_keys=[verified_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def is_current(self, today: date | None = None) -> bool:
        """Verified and not past its expiry date."""
        if self.status != "verified":
            return False
        return self.expires_on is None or self.expires_on >= (today or date.today())

    def __repr__(self) -> str:
        return f"<Licence {self.id} {self.status}>"
