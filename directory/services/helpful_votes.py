""" "Helpful" votes on reviews: one per account and review, never on one's own review or on
reviews of a listing one owns.

Voting is idempotent: asking to add a vote that exists, or to remove one that does not, changes
nothing, so repeating a POST can never count twice. The review's ``helpful_count`` is recounted
from the vote rows (not incremented) in the same transaction, so a race cannot drift it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from directory import unit_of_work
from directory.extensions import db
from directory.models import HelpfulVote, Listing, Review, User
from directory.services import ServiceError
from directory.services.confirmed_email import require_confirmed
from directory.unit_of_work import transactional


def _votable_review(user: User, review_id: int) -> Review:
    """The published review ``user`` may vote on, or a ServiceError saying why not."""
    review = db.session.get(Review, review_id)
    listing = db.session.get(Listing, review.listing_id) if review is not None else None
    # Withdrawn, removed and hidden-listing reviews are not shown, so they cannot be voted on;
    # the answer is the same as for a review that never existed.
    if review is None or listing is None or review.status != "published" or listing.hidden:
        raise ServiceError("That review does not exist or is no longer shown.")
    if review.author_id == user.id:
        raise ServiceError("You cannot vote on your own review.")
    if listing.owner_id == user.id:
        raise ServiceError("You cannot vote on reviews of a listing you own.")
    return review


def _recount(review: Review) -> int:
    db.session.flush()
    review.helpful_count = int(
        db.session.scalar(
            select(func.count(HelpfulVote.id)).where(HelpfulVote.review_id == review.id)
        )
        or 0
    )
    return review.helpful_count


@transactional
def set_vote(user: User, review_id: int, helpful: bool) -> Review:
    """Record (``helpful``) or take back ``user``'s vote on a review; commits. Returns the
    review with its recounted ``helpful_count``."""
    review = _votable_review(user, review_id)
    require_confirmed(user, "vote")
    existing = db.session.scalar(
        select(HelpfulVote.id).where(
            HelpfulVote.review_id == review.id, HelpfulVote.user_id == user.id
        )
    )
    if helpful and existing is None:
        db.session.add(HelpfulVote(review_id=review.id, user_id=user.id))
    elif not helpful and existing is not None:
        db.session.execute(delete(HelpfulVote).where(HelpfulVote.id == existing))
    try:
        _recount(review)
        unit_of_work.commit()
    except IntegrityError:
        # Two requests of the same account raced; the other one's vote stands.
        unit_of_work.rollback()
        review = _votable_review(user, review_id)
    return review


def voted_ids(user: User | None, review_ids: Iterable[int]) -> set[int]:
    """Which of ``review_ids`` ``user`` found helpful (one query; empty for anonymous)."""
    ids = list(review_ids)
    if user is None or not getattr(user, "is_authenticated", False) or not ids:
        return set()
    return set(
        db.session.scalars(
            select(HelpfulVote.review_id).where(
                HelpfulVote.user_id == user.id, HelpfulVote.review_id.in_(ids)
            )
        )
    )


def remove_votes_of(user: User) -> None:
    """Delete an account's votes and recount the reviews they were on (account deletion);
    does not commit."""
    review_ids = list(
        db.session.scalars(select(HelpfulVote.review_id).where(HelpfulVote.user_id == user.id))
    )
    if not review_ids:
        return
    db.session.execute(delete(HelpfulVote).where(HelpfulVote.user_id == user.id))
    for review in db.session.scalars(select(Review).where(Review.id.in_(review_ids))):
        _recount(review)
