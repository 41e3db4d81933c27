"""Headline numbers for the home page, cached briefly so the landing page stays cheap."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from directory.extensions import db
from directory.models import Listing, Review

CACHE_SECONDS = 300
_CACHE_KEY = "needlewise.site_stats"


@dataclass(frozen=True)
class SiteStats:
    """How many listings, verified listings and published reviews the directory holds."""

    listings: int
    verified: int
    reviews: int


def site_stats() -> SiteStats:
    """The current counts, recomputed at most every ``CACHE_SECONDS`` per application."""
    cached = current_app.extensions.get(_CACHE_KEY)
    now = time.monotonic()
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    stats = SiteStats(
        listings=db.session.scalar(db.select(db.func.count(Listing.id))) or 0,
        verified=db.session.scalar(db.select(db.func.count(Listing.id)).where(Listing.verified))
        or 0,
        reviews=db.session.scalar(
            db.select(db.func.count(Review.id)).where(Review.status == "published")
        )
        or 0,
    )
    current_app.extensions[_CACHE_KEY] = (now, stats)
    return stats
