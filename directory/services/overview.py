"""What the account overview shows each role, gathered in one call per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import (
    BookingRequest,
    Invitation,
    Listing,
    Question,
    Reply,
    Review,
    User,
    VisitProof,
)
from directory.models.base import utcnow
from directory.services import bookings, notifications, proofs, questions, review_pages, visits


@dataclass
class Overview:
    """Everything the account overview page needs for one user."""

    role: str
    unread: int = 0
    data: dict[str, Any] = field(default_factory=dict)


def _count(statement) -> int:
    return int(db.session.scalar(statement) or 0)


def patient_overview(user: User) -> dict[str, Any]:
    """A patient's visits (with their reviews), reviews, questions, bookings and proofs."""
    return {
        "visits": visits.patient_visits(user),
        "reviews": review_pages.patient_reviews(user),
        "questions": questions.patient_questions(user),
        "bookings": bookings.patient_bookings(user),
        "proofs": proofs.patient_proofs(user),
    }


def practitioner_overview(user: User) -> dict[str, Any]:
    """A practitioner's listings and what waits for them."""
    owned = select(Listing.id).where(Listing.owner_id == user.id)
    return {
        "listings": visits.owned_listings(user),
        "open_questions": _count(
            select(func.count(Question.id)).where(
                Question.listing_id.in_(owned), Question.status == "open"
            )
        ),
        "waiting_bookings": _count(
            select(func.count(BookingRequest.id)).where(
                BookingRequest.listing_id.in_(owned), BookingRequest.status == "requested"
            )
        ),
        "pending_invitations": _count(
            select(func.count(Invitation.id)).where(
                Invitation.listing_id.in_(owned),
                Invitation.redeemed_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        ),
        "unreplied_reviews": _count(
            select(func.count(Review.id))
            .outerjoin(Reply, Reply.review_id == Review.id)
            .where(Review.listing_id.in_(owned), Review.status == "published", Reply.id.is_(None))
        ),
        "held_replies": _count(
            select(func.count(Reply.id))
            .join(Review, Review.id == Reply.review_id)
            .where(Review.listing_id.in_(owned), Reply.status == "held")
        ),
    }


def moderator_overview() -> dict[str, Any]:
    """The sizes of the moderators' queues this feature adds."""
    return {
        "pending_proofs": _count(
            select(func.count(VisitProof.id)).where(VisitProof.status == "pending")
        ),
        "held_replies": _count(select(func.count(Reply.id)).where(Reply.status == "held")),
    }


def account_overview(user: User) -> Overview:
    """The overview for ``user``'s role."""
    if user.is_patient:
        data = patient_overview(user)
    elif user.is_practitioner:
        data = practitioner_overview(user)
    else:
        data = moderator_overview()
    return Overview(role=user.role, unread=notifications.unread_count(user), data=data)
