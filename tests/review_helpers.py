"""Helpers shared by the review, visit, reply and question tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Listing, Review, User, Visit
from directory.models.base import utcnow
from tests.conftest import csrf_token
from tests.factories import make_listing
from tests.query_counts import count_queries  # noqa: F401  (re-exported for older tests)


def review_form(**overrides: Any) -> dict[str, Any]:
    """POST data of a complete, valid review (CONTRACT section 6 names plus our extras)."""
    data: dict[str, Any] = {
        "rating": "4",
        "results": "4",
        "comfort": "3",
        "cleanliness": "5",
        "communication": "5",
        "value": "4",
        "worth_it": "yes",
        "price_paid": "300",
        "title": "Smoother skin after three sessions",
        "body": "My acne scars are visibly shallower. The clinic was spotless and calm.",
        "sessions": "3",
        "side_effects": ["redness", "swelling"],
        "downtime_days": "2",
        "concerns": ["acne_scars"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def owner_and_listing(app, make_user, email: str = "owner@example.org", **listing_fields):
    """A practitioner account and a listing it owns; returns (owner_id, slug, listing_id)."""
    owner_id = make_user(email, role="practitioner", name="Dr Owner")
    with app.app_context():
        listing = make_listing(owner_id=owner_id, **listing_fields)
        return owner_id, listing.slug, listing.id


def add_visit(
    app,
    patient_id: int,
    listing_id: int,
    method: str = "invitation",
    visited_on: date | None = None,
    treatment: str = "microneedling",
) -> int:
    """A verified visit straight in the database; returns its id."""
    with app.app_context():
        visit = Visit(
            listing_id=listing_id,
            patient_id=patient_id,
            treatment=treatment,
            visited_on=visited_on or date.today() - timedelta(days=10),
            verified_by=method,
            verified_at=utcnow(),
        )
        db.session.add(visit)
        db.session.commit()
        return visit.id


def post_review(client, slug: str, **overrides: Any):
    """Submit the review form through the real page."""
    url = f"/practitioners/{slug}/review"
    data = review_form(**overrides)
    data["csrf_token"] = csrf_token(client, "/account/")
    return client.post(url, data=data)


def listing_row(app, listing_id: int) -> tuple[int, int]:
    """(rating_sum, rating_count) as stored on the listing."""
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        return listing.rating_sum, listing.rating_count


def reviews_of(app, listing_id: int) -> list[Review]:
    """Every review row of a listing, detached (status included)."""
    with app.app_context():
        rows = db.session.scalars(
            select(Review).where(Review.listing_id == listing_id).order_by(Review.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def user_email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def seed_reviews(app, listing_id: int, ratings: list[int], **fields: Any) -> list[int]:
    """Published reviews with the given overall ratings, each by its own patient and visit,
    written one minute apart (the last is the newest); recounts the listing. Returns ids."""
    from directory.services.reviews import recompute_listing_rating

    ids = []
    with app.app_context():
        start = utcnow() - timedelta(days=30)
        base = db.session.scalar(select(func.count(User.id)))
        for n, rating in enumerate(ratings):
            user = User(
                email=f"seed{base + n}@example.org",
                password_hash="x",
                display_name=f"Patient {base + n}",
                role="patient",
                email_confirmed_at=start,
            )
            db.session.add(user)
            db.session.flush()
            visit = Visit(
                listing_id=listing_id,
                patient_id=user.id,
                treatment="microneedling",
                visited_on=date(2026, 1, 15),
                verified_by=("invitation", "booking", "proof")[n % 3],
            )
            db.session.add(visit)
            db.session.flush()
            values = {
                "rating": rating,
                "results": rating,
                "comfort": 4,
                "cleanliness": 5,
                "communication": 4,
                "value": rating,
                "worth_it": "yes" if rating >= 4 else "no",
                "price_paid": 200 + 10 * n,
                "title": f"Review number {n}",
                "body": f"Body of review number {n}, long enough for the rules.",
                "side_effects": "redness",
                "downtime_days": 2,
            }
            values.update(fields)
            review = Review(
                visit_id=visit.id,
                listing_id=listing_id,
                author_id=user.id,
                treatment="microneedling",
                created_at=start + timedelta(minutes=n),
                updated_at=start + timedelta(minutes=n),
                **values,
            )
            db.session.add(review)
            db.session.flush()
            ids.append(review.id)
        recompute_listing_rating(db.session.get(Listing, listing_id))
        db.session.commit()
    return ids
