"""The moderators' "Worth a look" queue: open trust-signal flags grouped by review, and the
two decisions on them, Keep or Remove the review, both written to the audit log.

Removal goes through the report queue's removal path (``moderation.remove_content``): the
review is replaced by the public notice with a sentiment-neutral reason and leaves the rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.models import REPORT_REASONS, Listing, Review, ReviewFlag, User
from directory.models.base import utcnow
from directory.services import ServiceError, moderation, notifications
from directory.services.reports import resolve_target
from directory.services.visits import aware
from directory.unit_of_work import transactional

DECISIONS = ("keep", "remove")
QUEUE_LIMIT = 100


@dataclass
class FlaggedReview:
    """One review in the queue with its open flags."""

    review: Review
    listing: Listing
    reviewer: User
    flags: list[ReviewFlag]

    @property
    def first_flagged(self) -> datetime:
        return min(aware(flag.created_at) for flag in self.flags)

    @property
    def account_age_days(self) -> int:
        """How old the reviewer's account was when the review was written, in days."""
        return max(0, (aware(self.review.created_at) - aware(self.reviewer.created_at)).days)


def open_count() -> int:
    """How many reviews have at least one open flag."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(ReviewFlag.review_id))).where(
                ReviewFlag.status == "open"
            )
        )
        or 0
    )


def open_queue(limit: int = QUEUE_LIMIT) -> list[FlaggedReview]:
    """Reviews with open flags, the longest-waiting first."""
    flags = db.session.scalars(
        select(ReviewFlag)
        .where(ReviewFlag.status == "open")
        .options(selectinload(ReviewFlag.review))
        .order_by(ReviewFlag.created_at, ReviewFlag.id)
    ).all()
    groups: dict[int, FlaggedReview] = {}
    for flag in flags:
        group = groups.get(flag.review_id)
        if group is None:
            if len(groups) >= limit:
                continue
            review = flag.review
            group = groups[flag.review_id] = FlaggedReview(
                review=review,
                listing=db.session.get_one(Listing, review.listing_id),
                reviewer=review.author,
                flags=[],
            )
        group.flags.append(flag)
    return list(groups.values())


def _open_flags(review_id: int) -> list[ReviewFlag]:
    return list(
        db.session.scalars(
            select(ReviewFlag)
            .where(ReviewFlag.review_id == review_id, ReviewFlag.status == "open")
            .order_by(ReviewFlag.id)
        ).all()
    )


@transactional
def decide(
    moderator: User, review_id: int, decision: str, reason: str | None, note: str | None
) -> Review:
    """Keep the review (its flags are closed as kept) or remove it with a public reason (its
    flags are closed as removed); audited with the moderator and the reasons flagged."""
    if not moderator.is_moderator:
        raise ServiceError("Only moderators can do this.")
    review = db.session.get(Review, review_id)
    flags = _open_flags(review_id) if review is not None else []
    if review is None or not flags:
        raise ServiceError("This review has no open flags; another moderator may have decided.")
    if decision not in DECISIONS:
        raise ServiceError("Choose keep or remove.", "decision")
    note = (note or "").strip()
    if len(note) > moderation.MAX_NOTE:
        raise ServiceError(f"Keep the note under {moderation.MAX_NOTE} characters.", "note")
    listing = db.session.get_one(Listing, review.listing_id)
    if moderator.id in (review.author_id, listing.owner_id):
        raise ServiceError("Another moderator must decide on a review that concerns you.")
    reason = reason or None
    if decision == "remove":
        if reason not in REPORT_REASONS:
            raise ServiceError("Choose the reason the review is removed.", "reason")
        if review.status == "published":
            target = resolve_target("review", review.id)
            assert target is not None  # the review exists
            moderation.remove_content(target, reason)
            notifications.notify(
                review.author,
                "decision",
                f"Moderators removed your review: {moderation.reason_label(reason)}.",
                target.link,
            )
    status = "removed" if decision == "remove" else "kept"
    now = utcnow()
    for flag in flags:
        flag.status = status
        flag.decided_at = now
        flag.decided_by_id = moderator.id
    flagged = ", ".join(flag.reason for flag in flags)
    parts = [f"Flags: {flagged}"]
    if reason:
        parts.append(moderation.reason_label(reason))
    if note:
        parts.append(note)
    moderation.record(moderator, f"review_flags_{status}", "review", review.id, " — ".join(parts))
    return review
