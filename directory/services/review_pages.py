"""Read side of reviews: a listing's aggregates and pages of reviews, in a fixed, small number
of queries however many reviews there are (no N+1)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from directory import vocabulary
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
    "helpful": (Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc()),
}
PER_PAGE = 10


@dataclass
class ReviewFilters:
    """Which reviews a reader wants to see: one treatment, one concern, one skin type.

    ``ignored`` lists the query parameters that were not understood, so the page can say so
    instead of silently showing something else."""

    treatment: str | None = None
    concern: str | None = None
    skin_type: int | None = None
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, args: Any) -> ReviewFilters:
        """From a query-string mapping (``request.args``); unknown values are ignored and noted."""
        found = cls()
        skin_types = {str(number): number for number in vocabulary.SKIN_TYPES}
        for name, known in (
            ("treatment", vocabulary.TREATMENTS),
            ("concern", vocabulary.CONCERNS),
            ("skin_type", skin_types),
        ):
            value = (args.get(name) or "").strip()
            if value in known:
                setattr(found, name, value if name != "skin_type" else skin_types[value])
            elif value:
                found.ignored.append(name.replace("_", " "))
        return found

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list."""
        return bool(self.treatment or self.concern or self.skin_type)

    def query_args(self) -> dict[str, str]:
        """The filters as query-string arguments, for links that keep them (sort, pages)."""
        args = {"treatment": self.treatment, "concern": self.concern}
        args["skin_type"] = str(self.skin_type) if self.skin_type else None
        return {key: value for key, value in args.items() if value}

    def conditions(self) -> list[ColumnElement[bool]]:
        """SQL conditions on ``Review`` for these filters."""
        where: list[ColumnElement[bool]] = []
        if self.treatment:
            where.append(Review.treatment == self.treatment)
        if self.concern:
            # concerns is a comma-separated list of slugs: wrap it in commas so "pores" never
            # matches a longer slug that contains it.
            wrapped = literal(",") + Review.concerns + literal(",")
            where.append(wrapped.contains(f",{self.concern},", autoescape=True))
        if self.skin_type:
            where.append(Review.skin_type == self.skin_type)
        return where


@dataclass
class ReviewPage(Paged):
    """One page of a listing's reviews for the profile page and the API."""

    reviews: list[Review] = field(default_factory=list)
    sort: str = "newest"
    filters: ReviewFilters = field(default_factory=ReviewFilters)


@dataclass
class StarRow:
    """One line of the star histogram."""

    stars: int
    count: int
    percent: int


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


def star_histogram(listing: Listing) -> list[StarRow]:
    """How many published reviews gave 5, 4, 3, 2 and 1 stars, with each share in whole
    percent (one query). Every star appears, with 0 when nobody gave it."""
    rows = dict(
        db.session.execute(
            select(Review.rating, func.count(Review.id))
            .where(*_published(listing))
            .group_by(Review.rating)
        ).all()
    )
    total = sum(int(n) for n in rows.values())
    return [
        StarRow(
            stars, int(rows.get(stars, 0)), round(100 * rows.get(stars, 0) / total) if total else 0
        )
        for stars in range(5, 0, -1)
    ]


def _median(values: list[int]) -> int | None:
    return None if not values else round(statistics.median(values))


def profile_reviews(
    listing: Listing,
    sort: str = "newest",
    page: int = 1,
    per_page: int = PER_PAGE,
    include_removed: bool = True,
    filters: ReviewFilters | None = None,
) -> ReviewPage:
    """A page of the listing's published reviews. With ``include_removed`` (the profile page),
    the newest-first order and no filter, reviews removed by moderators stay in place as
    placeholders (a filter cannot tell what a removed review was about)."""
    sort = sort if sort in SORTS else "newest"
    filters = filters or ReviewFilters()
    page = max(1, page)
    statuses = ["published"]
    if include_removed and sort == "newest" and not filters.active:
        statuses.append("removed")
    where = (Review.listing_id == listing.id, Review.status.in_(statuses), *filters.conditions())
    reviews, total = paging.fetch(
        select(Review).where(*where).options(selectinload(Review.revisions)).order_by(*SORTS[sort]),
        page,
        per_page,
    )
    return ReviewPage(total, page, per_page, reviews=reviews, sort=sort, filters=filters)


def filter_choices(listing: Listing) -> dict[str, list[tuple[str, str]]]:
    """The values worth offering in the review filter: the treatments, concerns and skin types
    that published reviews of this listing mention (one query)."""
    rows = db.session.execute(
        select(Review.treatment, Review.concerns, Review.skin_type).where(*_published(listing))
    ).all()
    treatments = {t for t, _, _ in rows}
    concerns = {c for _, text, _ in rows for c in (text or "").split(",") if c}
    skins = {s for _, _, s in rows if s}
    return {
        "treatment": [(k, v) for k, v in vocabulary.TREATMENTS.items() if k in treatments],
        "concern": [(k, v) for k, v in vocabulary.CONCERNS.items() if k in concerns],
        "skin_type": [(str(k), v) for k, v in vocabulary.SKIN_TYPES.items() if k in skins],
    }


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
