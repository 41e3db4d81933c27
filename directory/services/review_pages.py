"""Read side of reviews: a listing's aggregates and pages of reviews, in a fixed, small number
of queries however many reviews there are (no N+1)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from directory.extensions import db
from directory.models import REPORT_REASONS, Listing, Review, User, Visit
from directory.models.reviews import SIDE_EFFECTS, SUB_RATINGS
from directory.services import paging
from directory.services.paging import Paged

# CONTRACT section 3: Bayesian average (C*m + sum) / (C + n) with C = 5.
BAYESIAN_WEIGHT = 5
SORTS = {
    "newest": (Review.created_at.desc(), Review.id.desc()),
    "highest": (Review.rating.desc(), Review.created_at.desc(), Review.id.desc()),
    "lowest": (Review.rating.asc(), Review.created_at.desc(), Review.id.desc()),
}
PER_PAGE = 10


@dataclass
class ReviewPage(Paged):
    """One page of a listing's reviews for the profile page and the API."""

    reviews: list[Review] = field(default_factory=list)
    sort: str = "newest"


def bayesian_average(
    rating_sum: int, rating_count: int, mean: float | None, weight: int = BAYESIAN_WEIGHT
) -> float | None:
    """``(C*m + sum) / (C + n)``: few reviews pull towards the site-wide mean ``m``."""
    if mean is None:
        return None if not rating_count else rating_sum / rating_count
    return (weight * mean + rating_sum) / (weight + rating_count)


def global_mean_rating() -> float | None:
    """The mean rating across all published reviews on the site (``m``)."""
    value = db.session.scalar(select(func.avg(Review.rating)).where(Review.status == "published"))
    return None if value is None else float(value)


def _published(listing: Listing):
    return (Review.listing_id == listing.id, Review.status == "published")


def _percentages(counter: Counter, total: int) -> dict[str, dict[str, int]]:
    return {
        key: {"count": counter[key], "percent": round(100 * counter[key] / total)}
        for key in SIDE_EFFECTS
        if counter[key]
    }


def listing_aggregates(listing: Listing) -> dict[str, Any]:
    """Average, count, sub-rating averages, worth-it percent, median price paid, side effects,
    downtime and removed-review counts for one listing (three queries)."""
    averages = [func.avg(getattr(Review, name)) for name in SUB_RATINGS]
    worth = func.sum(case((Review.worth_it == "yes", 1), else_=0))
    row = db.session.execute(
        select(func.count(Review.id), func.avg(Review.rating), worth, *averages).where(
            *_published(listing)
        )
    ).one()
    count = int(row[0] or 0)
    details = db.session.execute(
        select(Review.price_paid, Review.side_effects, Review.downtime_days).where(
            *_published(listing)
        )
    ).all()
    removed_rows = db.session.execute(
        select(Review.removed_reason, func.count(Review.id))
        .where(Review.listing_id == listing.id, Review.status == "removed")
        .group_by(Review.removed_reason)
        .order_by(Review.removed_reason)
    ).all()
    prices = [p for p, _, _ in details if p is not None]
    downtimes = [d for _, _, d in details if d is not None]
    effects = Counter(s for _, text, _ in details for s in (text or "").split(",") if s)
    reported = sum(1 for _, text, _ in details if text)
    return {
        "average": round(float(row[1]), 1) if count else None,
        "count": count,
        "ratings": {
            name: (round(float(value), 1) if value is not None else None)
            for name, value in zip(SUB_RATINGS, row[3:], strict=True)
        },
        "worth_it_percent": round(100 * int(row[2] or 0) / count) if count else None,
        "cost": {"median_paid": _median(prices), "n": len(prices)},
        "side_effects": _percentages(effects, reported) if reported else {},
        "side_effects_n": reported,
        "downtime_days_median": _median(downtimes),
        "downtime_n": len(downtimes),
        "removed": {reason or "other": int(n) for reason, n in removed_rows},
        "removed_labels": [
            (REPORT_REASONS.get(reason or "", "Breaking the content rules"), int(n))
            for reason, n in removed_rows
        ],
    }


def _median(values: list[int]) -> int | None:
    return None if not values else round(statistics.median(values))


def profile_reviews(
    listing: Listing,
    sort: str = "newest",
    page: int = 1,
    per_page: int = PER_PAGE,
    include_removed: bool = True,
) -> ReviewPage:
    """A page of the listing's published reviews. With ``include_removed`` (the profile page)
    and the newest-first order, reviews removed by moderators stay in place as placeholders."""
    sort = sort if sort in SORTS else "newest"
    page = max(1, page)
    statuses = ["published"]
    if include_removed and sort == "newest":
        statuses.append("removed")
    where = (Review.listing_id == listing.id, Review.status.in_(statuses))
    reviews, total = paging.fetch(
        select(Review).where(*where).options(selectinload(Review.revisions)).order_by(*SORTS[sort]),
        page,
        per_page,
    )
    return ReviewPage(total, page, per_page, reviews=reviews, sort=sort)


def patient_reviews(user: User) -> list[Review]:
    """The patient's own published reviews, newest first, with their listings."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.author_id == user.id, Review.status.in_(("published", "removed")))
            .options(joinedload(Review.visit).joinedload(Visit.listing))
            .order_by(Review.created_at.desc(), Review.id.desc())
        ).unique()
    )


def owner_reviews(owner: User, page: int = 1, per_page: int = 20) -> ReviewPage:
    """Published reviews of the owner's listings, newest first, for the reply screen."""
    page = max(1, page)
    listing_ids = select(Listing.id).where(Listing.owner_id == owner.id)
    where = (Review.listing_id.in_(listing_ids), Review.status == "published")
    reviews, total = paging.fetch(
        select(Review).where(*where).order_by(Review.created_at.desc(), Review.id.desc()),
        page,
        per_page,
    )
    return ReviewPage(total, page, per_page, reviews=reviews)
