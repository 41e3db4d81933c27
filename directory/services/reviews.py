"""Reviews: writing, editing and withdrawing them, and the listing's denormalised rating.

Rules (CONTRACT section 3): only a patient with a verified visit reviews, one review per visit,
never the owner of the listing. Reviews publish at once; an edit keeps the earlier text as a
revision. The listing's rating_sum / rating_count follow the published reviews in the same
transaction, and the search index hears about it through ``indexing.listing_changed``.
Read-side helpers (aggregates, pages) live in ``services.review_pages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from directory import indexing, unit_of_work, vocabulary
from directory.extensions import db
from directory.models import Listing, Review, ReviewRevision, User, Visit
from directory.models.base import utcnow
from directory.models.reviews import SIDE_EFFECTS, SUB_RATINGS, WORTH_IT
from directory.services import ServiceError, notifications, trust_signals
from directory.services.confirmed_email import require_confirmed
from directory.services.review_pages import (  # noqa: F401  (the profile page imports these here)
    BAYESIAN_WEIGHT,
    ReviewPage,
    bayesian_average,
    global_mean_rating,
    listing_aggregates,
    owner_reviews,
    patient_reviews,
    profile_reviews,
)
from directory.services.visits import unreviewed_visits
from directory.unit_of_work import transactional

MIN_BODY = 30
MAX_BODY = 5000
MAX_PRICE = 100_000


@dataclass
class ReviewInput:
    """What a patient writes in a review (form field names of CONTRACT section 6)."""

    rating: int | None = None
    results: int | None = None
    comfort: int | None = None
    cleanliness: int | None = None
    communication: int | None = None
    value: int | None = None
    worth_it: str = ""
    price_paid: int | None = None
    title: str = ""
    body: str = ""
    sessions: int | None = None
    side_effects: list[str] = field(default_factory=list)
    downtime_days: int | None = None
    concerns: list[str] = field(default_factory=list)
    skin_type: int | None = None  # Fitzpatrick 1-6, optional; readers filter reviews by it

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ReviewInput:
        """Pick the known keys out of e.g. ``form.data``."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def _int_in(value: Any, low: int, high: int, name: str, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(message, name)
    return value


def validate(data: ReviewInput) -> ReviewInput:
    """Check every field; raises ServiceError naming the first bad field."""
    for name in ("rating", *SUB_RATINGS):
        _int_in(getattr(data, name), 1, 5, name, "Choose from 1 to 5 stars.")
    if data.worth_it not in WORTH_IT:
        raise ServiceError("Say whether it was worth it.", "worth_it")
    if data.price_paid is not None:
        _int_in(data.price_paid, 0, MAX_PRICE, "price_paid", "Enter the price in whole dollars.")
    if data.sessions is not None:
        _int_in(data.sessions, 1, 50, "sessions", "Enter a number of sessions from 1 to 50.")
    if data.downtime_days is not None:
        _int_in(data.downtime_days, 0, 90, "downtime_days", "Enter 0 to 90 days.")
    if any(s not in SIDE_EFFECTS for s in data.side_effects):
        raise ServiceError("Choose side effects from the list.", "side_effects")
    if "none" in data.side_effects and len(data.side_effects) > 1:
        raise ServiceError("Choose “none” or the side effects you had, not both.", "side_effects")
    if any(c not in vocabulary.CONCERNS for c in data.concerns):
        raise ServiceError("Choose concerns from the list.", "concerns")
    if data.skin_type is not None and data.skin_type not in vocabulary.SKIN_TYPES:
        raise ServiceError("Choose a skin type from the list, or leave it empty.", "skin_type")
    data.title = (data.title or "").strip()
    data.body = (data.body or "").strip()
    if not 3 <= len(data.title) <= 120:
        raise ServiceError("Give your review a title of 3 to 120 characters.", "title")
    if not MIN_BODY <= len(data.body) <= MAX_BODY:
        raise ServiceError(
            f"Describe your experience in {MIN_BODY} to {MAX_BODY} characters.", "body"
        )
    return data


def _apply(review: Review, data: ReviewInput) -> None:
    for name in ("rating", *SUB_RATINGS, "worth_it", "price_paid", "title", "body"):
        setattr(review, name, getattr(data, name))
    review.sessions = data.sessions
    review.downtime_days = data.downtime_days
    review.side_effects = ",".join(s for s in SIDE_EFFECTS if s in data.side_effects)
    review.concerns = ",".join(c for c in vocabulary.CONCERNS if c in data.concerns)
    review.skin_type = data.skin_type


def recompute_listing_rating(listing: Listing) -> None:
    """Recount rating_sum / rating_count from the published reviews and tell the search index.

    Used after every review write and by moderation when it removes a review. Does not commit.
    """
    db.session.flush()
    count, total = db.session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0)).where(
            Review.listing_id == listing.id, Review.status == "published"
        )
    ).one()
    listing.rating_count = int(count)
    listing.rating_sum = int(total)
    indexing.listing_changed(listing)


def choose_visit(user: User, listing: Listing, visit_id: int | None) -> Visit:
    """The visit a new review is for: the one named, else the patient's latest unreviewed one."""
    if not user.is_patient:
        raise ServiceError("Only patients with a verified visit can write reviews.")
    if listing.owner_id == user.id:
        raise ServiceError("You cannot review your own listing.")
    if visit_id is not None:
        visit = db.session.get(Visit, visit_id)
        if visit is None or visit.patient_id != user.id or visit.listing_id != listing.id:
            raise ServiceError("Choose one of your verified visits.", "visit")
        if db.session.scalar(select(Review.id).where(Review.visit_id == visit.id)) is not None:
            raise ServiceError("You have already reviewed this visit.", "visit")
        return visit
    open_visits = unreviewed_visits(user, listing)
    if open_visits:
        return open_visits[0]
    any_visit = db.session.scalar(
        select(Visit.id).where(Visit.patient_id == user.id, Visit.listing_id == listing.id)
    )
    if any_visit is not None:
        raise ServiceError("You have already reviewed every verified visit to this practitioner.")
    raise ServiceError(
        "Reviews come only from verified visits. Redeem your practitioner's invitation, book "
        "through Needlewise, or send proof of your visit to our moderators first."
    )


@transactional
def create_review(
    user: User, listing: Listing, data: ReviewInput, visit_id: int | None = None
) -> Review:
    """Publish a review of one of the patient's verified visits."""
    require_confirmed(user, "review")
    visit = choose_visit(user, listing, visit_id)
    validate(data)
    now = utcnow()
    review = Review(
        visit_id=visit.id,
        listing_id=listing.id,
        author_id=user.id,
        treatment=visit.treatment,
        status="published",
        created_at=now,
        updated_at=now,
    )
    _apply(review, data)
    db.session.add(review)
    try:
        db.session.flush()
    except IntegrityError as error:  # a second tab submitted first: one review per visit
        unit_of_work.rollback()
        raise ServiceError("You have already reviewed this visit.", "visit") from error
    recompute_listing_rating(listing)
    if listing.owner is not None:
        notifications.notify(
            listing.owner,
            "review",
            f"New {data.rating}-star review of {listing.name}: “{data.title}”.",
            "/account/reviews",
        )
    unit_of_work.commit()
    # Signals for moderators only, after the review is safely published (never hides it).
    trust_signals.review_published(review.id)
    return review


def own_review(user: User, review_id: int) -> Review | None:
    """The review if ``user`` wrote it and it is still published."""
    review = db.session.get(Review, review_id)
    if review is None or review.author_id != user.id or review.status != "published":
        return None
    return review


@transactional
def edit_review(user: User, review_id: int, data: ReviewInput) -> Review:
    """Change a published review; the earlier text is kept as a revision and it shows
    "edited"."""
    review = own_review(user, review_id)
    if review is None:
        raise ServiceError("You can only edit your own published reviews.")
    validate(data)
    db.session.add(
        ReviewRevision(
            review_id=review.id,
            rating=review.rating,
            title=review.title,
            body=review.body,
            created_at=review.updated_at or review.created_at,
        )
    )
    _apply(review, data)
    review.edited = True
    review.updated_at = utcnow()
    recompute_listing_rating(db.session.get_one(Listing, review.listing_id))
    return review


@transactional
def withdraw_review(user: User, review_id: int) -> Review:
    """The author takes the review down; it no longer counts or shows anywhere."""
    review = own_review(user, review_id)
    if review is None:
        raise ServiceError("You can only withdraw your own published reviews.")
    review.status = "withdrawn"
    review.updated_at = utcnow()
    recompute_listing_rating(db.session.get_one(Listing, review.listing_id))
    return review
