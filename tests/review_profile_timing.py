"""Time to render a practitioner profile with 500 published reviews (the review feature's
measurement). Run from the repo root:

    .venv/bin/python -m tests.review_profile_timing [--reviews 500] [--runs 30]

Builds a throw-away SQLite database in a temporary folder, seeds one listing with N reviews
(each with its own patient and visit, a third with owner replies), then GETs the profile
through the Flask test client and prints the median, p90 and query count.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Seed, warm up, then time repeated profile renders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from directory import create_app
    from directory.extensions import db
    from directory.models import Reply
    from directory.models.base import utcnow
    from directory.services.catalogue import sync_catalogue
    from tests.factories import make_listing
    from tests.review_helpers import count_queries, seed_reviews

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "timing",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'timing.db'}",
                "SEARCH_INDEX_DIR": str(Path(tmp) / "index"),
                "UPLOAD_DIR": str(Path(tmp) / "uploads"),
            }
        )
        with app.app_context():
            db.create_all()
            sync_catalogue()
            listing = make_listing()
            slug, listing_id = listing.slug, listing.id
        ratings = [(n * 7) % 5 + 1 for n in range(args.reviews)]
        ids = seed_reviews(app, listing_id, ratings)
        with app.app_context():
            for review_id in ids[::3]:
                db.session.add(
                    Reply(review_id=review_id, author_id=1, body="Thank you.",
                          status="published", created_at=utcnow(), updated_at=utcnow())
                )  # fmt: skip
            db.session.commit()

        client = app.test_client()
        url = f"/practitioners/{slug}"
        for _ in range(3):  # warm-up: template compilation, caches
            assert client.get(url).status_code == 200
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        with app.app_context(), count_queries() as statements:
            client.get(url)
        timings.sort()
        print(f"profile with {args.reviews} reviews, {args.runs} runs (SQLite, test client):")
        print(f"  median {statistics.median(timings):.1f} ms, "
              f"p90 {timings[int(0.9 * (len(timings) - 1))]:.1f} ms, "
              f"min {timings[0]:.1f} ms, queries per render {len(statements)}")  # fmt: skip


if __name__ == "__main__":
    main()
