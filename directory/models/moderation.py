"""Reports of content and the append-only audit log of every moderation decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model
from directory.models.base import utcnow

# Sentiment-neutral on purpose: no "negative" or "unfair" reason exists to remove a review for.
REPORT_REASONS = {
    "spam": "Spam or advertising",
    "conflict_of_interest": "Conflict of interest",
    "abusive": "Abusive or hateful",
    "private_information": "Private information",
    "off_topic": "Off-topic",
    "not_a_real_visit": "Not a real visit",
}
REPORT_TARGETS = ("review", "question", "answer", "reply", "listing")
REPORT_STATUSES = ("open", "kept", "removed")


class Report(Model):
    """A logged-in user's report of a piece of content."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(String(40))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reporter = relationship("User", foreign_keys=[reporter_id])


class AuditEntry(Model):
    """One moderation decision: who, what, when, why. Never updated, never deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    actor = relationship("User", lazy="joined")


@event.listens_for(AuditEntry, "before_update")
def _refuse_audit_update(*_args) -> None:
    raise PermissionError("audit log entries are never edited")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_audit_delete(*_args) -> None:
    raise PermissionError("audit log entries are never deleted")
