"""What the sitemap lists: every public page search engines should know, with its lastmod."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Listing

# The sitemap protocol allows 50,000 URLs per file; a national directory needs several files.
URLS_PER_FILE = 50_000


def listing_files() -> int:
    """How many practitioner sitemap files there are (at least 1, possibly empty)."""
    count = db.session.scalar(select(func.count(Listing.id)).where(Listing.hidden_at.is_(None)))
    return max(1, -(-(count or 0) // URLS_PER_FILE))


def listings(part: int) -> Iterator[tuple[str, datetime]]:
    """(slug, last change) of the visible listings of sitemap file ``part`` (1-based)."""
    query = (
        select(Listing.slug, Listing.updated_at)
        .where(Listing.hidden_at.is_(None))
        .order_by(Listing.id)
        .offset((part - 1) * URLS_PER_FILE)
        .limit(URLS_PER_FILE)
    )
    for row in db.session.execute(query.execution_options(yield_per=5_000)):
        yield row.slug, row.updated_at


def latest_listing_change() -> datetime | None:
    """When any visible listing last changed (the lastmod of the practitioners' files)."""
    return db.session.scalar(
        select(func.max(Listing.updated_at)).where(Listing.hidden_at.is_(None))
    )
