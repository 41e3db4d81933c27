"""Reviews of verified visits, their edit history, and the owner's single reply."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

SUB_RATINGS = ("results", "comfort", "cleanliness", "communication", "value")
WORTH_IT = ("yes", "no", "not_sure")
SIDE_EFFECTS = ("redness", "swelling", "bruising", "breakouts", "none")


class Review(Model):
    """A patient's review; exactly one per verified visit."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), unique=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    rating: Mapped[int] = mapped_column(SmallInteger)
    results: Mapped[int] = mapped_column(SmallInteger)
    comfort: Mapped[int] = mapped_column(SmallInteger)
    cleanliness: Mapped[int] = mapped_column(SmallInteger)
    communication: Mapped[int] = mapped_column(SmallInteger)
    value: Mapped[int] = mapped_column(SmallInteger)
    worth_it: Mapped[str] = mapped_column(String(10))
    price_paid: Mapped[int | None] = mapped_column(Integer)
    treatment: Mapped[str] = mapped_column(ForeignKey("treatments.slug"))
    concerns: Mapped[str] = mapped_column(String(300), default="")  # comma-separated slugs
    sessions: Mapped[int | None] = mapped_column(SmallInteger)
    side_effects: Mapped[str] = mapped_column(String(100), default="")  # comma-separated
    downtime_days: Mapped[int | None] = mapped_column(SmallInteger)
    skin_type: Mapped[int | None] = mapped_column(SmallInteger)  # Fitzpatrick 1-6, optional
    # Denormalised count of HelpfulVote rows, recounted on every vote, so the "Most helpful"
    # sort and the profile page need no extra query per review.
    helpful_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)

    # published, withdrawn or removed
    status: Mapped[str] = mapped_column(String(12), default="published", index=True)
    removed_reason: Mapped[str | None] = mapped_column(String(40))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    visit = relationship("Visit", lazy="joined")
    author = relationship("User", lazy="joined")
    reply = relationship("Reply", uselist=False, back_populates="review", lazy="joined")
    revisions = relationship("ReviewRevision", order_by="ReviewRevision.id")

    @property
    def concern_list(self) -> list[str]:
        return [c for c in self.concerns.split(",") if c]

    @property
    def side_effect_list(self) -> list[str]:
        return [s for s in self.side_effects.split(",") if s]


class ReviewRevision(Model):
    """The text of a review before an edit; history is kept, never rewritten."""

    __tablename__ = "review_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reply(Model):
    """The listing owner's one public reply to a review."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="published")  # or held, removed
    held_reason: Mapped[str] = mapped_column(String(300), default="")
    removed_reason: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    review = relationship("Review", back_populates="reply")


class HelpfulVote(Model):
    """One account found one review helpful; at most one row per account and review."""

    __tablename__ = "review_helpful_votes"
    __table_args__ = (UniqueConstraint("review_id", "user_id", name="uq_helpful_vote"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
