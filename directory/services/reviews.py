"""Reviews: writing, editing, withdrawing, aggregates, replies. (Being built; interface below.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.models import Listing, Review


@dataclass
class ReviewPage:
    """One page of a listing's reviews for the profile page and the API."""

    reviews: list[Review] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 10
    sort: str = "newest"


def listing_aggregates(listing: Listing) -> dict[str, Any]:
    """Average, count, sub-rating averages, worth-it percent, median price paid, side effects,
    downtime and removed-review counts for one listing."""
    return {
        "average": listing.rating_average,
        "count": listing.rating_count,
        "ratings": {},
        "worth_it_percent": None,
        "cost": {"median_paid": None, "n": 0},
        "side_effects": {},
        "downtime_days_median": None,
        "removed": {},
    }


def profile_reviews(listing: Listing, sort: str = "newest", page: int = 1) -> ReviewPage:
    """A page of the listing's reviews (published ones, plus placeholders of removed ones)."""
    return ReviewPage(sort=sort, page=page)
