"""The owner's one public reply per review, screened for patient details.

US regulators fined practices for confirming patient details in replies to online reviews
(HIPAA). A reply that the screen (``reply_screen``) finds may disclose something is held for a
moderator, with the categories of the reasons shown to the owner.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from directory.extensions import db
from directory.models import AuditEntry, Listing, Reply, Review, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications, reply_screen
from directory.unit_of_work import transactional

MAX_REPLY = 3000
DECISIONS = ("release", "reject")

EXPLANATION = (
    "Replies must not confirm or reveal anything about a patient: US regulators have fined "
    "practices for disclosing patient details in replies to reviews (HIPAA)."
)
HELD_NOTE = "A moderator checks a held reply before it is published; you can edit it meanwhile."
SUGGESTION = reply_screen.SUGGESTION


def screen(body: str, review: Review) -> list[str]:
    """Why ``body`` may disclose patient details, by category; an empty list when it looks safe."""
    return reply_screen.screen(body, review.author)


def owned_review(owner: User, review_id: int) -> Review | None:
    """A published review of one of ``owner``'s listings, or None."""
    review = db.session.get(Review, review_id)
    if review is None or review.status != "published":
        return None
    listing = db.session.get(Listing, review.listing_id)
    if listing is None or listing.owner_id != owner.id:
        return None
    return review


@transactional
def save_reply(owner: User, review_id: int, body: str) -> Reply:
    """Post or edit the owner's reply; it is published at once unless screening holds it."""
    review = owned_review(owner, review_id)
    if review is None:
        raise ServiceError("You can only reply to reviews of your own listings.")
    body = (body or "").strip()
    if not 2 <= len(body) <= MAX_REPLY:
        raise ServiceError(f"Write a reply of up to {MAX_REPLY} characters.", "body")
    reasons = screen(body, review)
    reply = review.reply
    was_public = reply is not None and reply.status == "published"
    if reply is not None and reply.status == "removed":
        # Moderators took the earlier reply down: a new one must not go straight back up.
        reasons.append("A moderator removed your earlier reply, so a moderator checks this one.")
    now = utcnow()
    if reply is None:
        reply = Reply(review_id=review.id, author_id=owner.id, created_at=now)
        db.session.add(reply)
    reply.body = body
    reply.updated_at = now
    reply.removed_reason = None
    reply.status = "held" if reasons else "published"
    reply.held_reason = " ".join(reasons)[:300]
    if reply.status == "published" and not was_public:
        _tell_reviewer(review)
    return reply


def _tell_reviewer(review: Review) -> None:
    listing = db.session.get_one(Listing, review.listing_id)
    notifications.notify(
        review.author,
        "reply",
        f"{listing.name} replied to your review “{review.title}”.",
        f"/practitioners/{listing.slug}#review-{review.id}",
    )


def held_replies() -> list[Reply]:
    """Replies waiting for a moderator, oldest first."""
    return list(
        db.session.scalars(
            # The queue shows each reply beside its review and the review's author: joined.
            select(Reply)
            .options(joinedload(Reply.review).raiseload(Review.revisions))
            .where(Reply.status == "held")
            .order_by(Reply.updated_at, Reply.id)
        ).all()
    )


@transactional
def decide_reply(moderator: User, reply_id: int, decision: str, note: str) -> Reply:
    """Release a held reply (publish it) or reject it; audited and notified."""
    if not moderator.is_moderator:
        raise ServiceError("Only moderators decide on held replies.")
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.status != "held":
        raise ServiceError("That reply is not waiting for a decision.")
    if decision not in DECISIONS:
        raise ServiceError("Choose release or reject.", "decision")
    note = (note or "").strip()
    review = reply.review
    listing = db.session.get_one(Listing, review.listing_id)
    owner = db.session.get_one(User, reply.author_id)
    if decision == "release":
        reply.status = "published"
        reply.held_reason = ""
        _tell_reviewer(review)
        message = f"Your reply to a review of {listing.name} was released and is now public."
    else:
        reply.status = "removed"
        reply.removed_reason = "private_information"
        message = (
            f"Your reply to a review of {listing.name} was not published because it could "
            "disclose patient details. Edit it and send it again."
        )
        if note:
            message += f" Moderator's note: {note}"
    db.session.add(
        AuditEntry(
            actor_id=moderator.id,
            action=f"reply_{'released' if decision == 'release' else 'rejected'}",
            target_type="reply",
            target_id=reply.id,
            note=note,
            created_at=utcnow(),
        )
    )
    notifications.notify(owner, "decision", message, "/account/reviews")
    return reply
