"""Trust signals: where accounts registered and logged in from, and the reviews moderators
may want to look at ("worth a look" flags). Signals, never verdicts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

LOGIN_EVENT_KINDS = ("register", "login", "remembered")
FLAG_REASONS = {
    "same_network": "Reviewer's account was created after the invitation, from the network "
    "address the practitioner used",
    "website_domain": "Reviewer's email domain is the listing's website domain",
    "five_star_burst": "Part of an unusual burst of 5-star reviews from one practitioner's "
    "invitations",
}
FLAG_STATUSES = ("open", "kept", "removed")


class LoginEvent(Model):
    """One registration or login and its network address; kept 90 days, for trust signals."""

    __tablename__ = "login_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    ip: Mapped[str] = mapped_column(String(45))
    kind: Mapped[str] = mapped_column(String(12))  # one of LOGIN_EVENT_KINDS
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class ReviewFlag(Model):
    """A reason a moderator may want to look at a published review; one per review and reason."""

    __tablename__ = "review_flags"
    __table_args__ = (UniqueConstraint("review_id", "reason", name="uq_review_flags_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # a key of FLAG_REASONS
    detail: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    review = relationship("Review")

    @property
    def reason_label(self) -> str:
        """What the signal means, for moderators."""
        return FLAG_REASONS.get(self.reason, self.reason)
