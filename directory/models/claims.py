"""Claims: a practitioner account asking to become the owner of a listing it did not create."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow


class ListingClaim(Model):
    """One claim on one listing, with the evidence moderators check it against."""

    __tablename__ = "listing_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    claimant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    npi: Mapped[str] = mapped_column(String(10))
    licence_number: Mapped[str] = mapped_column(String(60))
    # True when the listing already had an owner: approving it moves the ownership.
    dispute: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text, default="")

    # The licence document, stored like licence documents (uploads.py): never served publicly.
    document_name: Mapped[str] = mapped_column(String(80))
    document_mime: Mapped[str] = mapped_column(String(40))
    document_size: Mapped[int] = mapped_column(Integer)
    document_original_name: Mapped[str] = mapped_column(String(200), default="")

    # Optional: an address at the practice website's domain, confirmed by a signed link.
    email: Mapped[str] = mapped_column(String(254), default="")
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # pending, approved or rejected
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    listing = relationship("Listing")
    claimant = relationship("User", foreign_keys=[claimant_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<ListingClaim {self.id} {self.status}>"
