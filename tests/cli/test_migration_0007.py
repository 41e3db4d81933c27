"""Migration 0007 folds duplicate visits (one patient, listing and day) before it adds the
unique index: the oldest visit stays, bookings/proofs/invitations move to it, the older review
stays published and a second review of the same appointment is withdrawn."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import BookingRequest, Listing, Review, User, Visit
from directory.models.base import utcnow


def _insert(table: str, **values) -> None:
    """A row with only the columns given: later migrations add columns the models know."""
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    db.session.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)


def _review(visit_id: int, listing_id: int, author_id: int, rating: int, minutes: int) -> None:
    moment = utcnow() - timedelta(days=1) + timedelta(minutes=minutes)
    scores = dict.fromkeys(("results", "comfort", "cleanliness", "communication", "value"), rating)
    _insert(
        "reviews",
        visit_id=visit_id,
        listing_id=listing_id,
        author_id=author_id,
        rating=rating,
        **scores,
        worth_it="yes",
        treatment="microneedling",
        title=f"{rating} stars",
        body="A review long enough for the rules of the site.",
        status="published",
        edited=False,
        side_effects="",
        concerns="",
        created_at=moment,
        updated_at=moment,
    )


def test_upgrade_merges_duplicate_visits_and_withdraws_the_second_review(app):
    with app.app_context():
        db.drop_all()
        upgrade(revision="0006")  # the revision before 0007
        # The models know columns later migrations add: write rows without reading them back
        # until the upgrade has run.
        db.session().expire_on_commit = False
        # Only the columns users had at 0006: later migrations add more, which the model knows.
        db.session.execute(
            text(
                "INSERT INTO users (email, password_hash, display_name, role, created_at, "
                "session_token) VALUES ('p@example.org', 'x', 'P', 'patient', :now, 't')"
            ),
            {"now": utcnow()},
        )
        db.session.commit()
        patient = SimpleNamespace(id=db.session.scalar(select(User.id)))
        # Only the columns listings had at 0006, for the same reason.
        db.session.execute(
            text(
                "INSERT INTO listings (slug, name, credentials, profession, clinic, bio, address, "
                "city, state, postal_code, country, phone, website, currency, consultation, "
                "consultation_notes, accepting_new_patients, rating_count, rating_sum, "
                "created_at, updated_at) VALUES ('jane-doe-austin', 'Jane Doe', '', "
                "'registered_nurse', '', '', '', 'Austin', 'TX', '78701', 'US', '', '', 'USD', "
                "'free', '', :yes, 0, 0, :now, :now)"
            ),
            {"now": utcnow(), "yes": True},
        )
        listing = SimpleNamespace(id=db.session.scalar(text("SELECT id FROM listings")))
        day = date.today() - timedelta(days=9)
        visits = []
        for n, method in enumerate(("invitation", "booking", "proof")):
            visit = Visit(
                listing_id=listing.id,
                patient_id=patient.id,
                treatment="microneedling",
                visited_on=day,
                verified_by=method,
                verified_at=utcnow() - timedelta(days=3 - n),
            )
            db.session.add(visit)
            db.session.flush()
            visits.append(visit.id)
        first, second, third = visits
        _review(first, listing.id, patient.id, 5, 0)
        _review(second, listing.id, patient.id, 1, 5)
        _insert(
            "booking_requests",
            listing_id=listing.id,
            patient_id=patient.id,
            treatment="microneedling",
            preferred_dates="",
            message="",
            decline_reason="",
            status="attended",
            appointment_on=day,
            visit_id=third,
            created_at=utcnow(),
        )
        db.session.execute(text("UPDATE listings SET rating_count = 2, rating_sum = 6"))
        db.session.commit()
        listing_id = listing.id

        upgrade()
        db.session().expire_on_commit = True
        db.session.expire_all()

        live = db.session.scalars(select(Visit).where(Visit.verified_by != "merged")).all()
        assert [v.id for v in live] == [first]
        reviews = {r.rating: r for r in db.session.scalars(select(Review))}
        assert reviews[5].status == "published" and reviews[5].visit_id == first
        assert reviews[1].status == "withdrawn"  # kept, with its text, on a merged visit
        assert db.session.get(Visit, second).verified_by == "merged"
        assert db.session.get(Visit, third) is None
        assert db.session.scalar(select(BookingRequest.visit_id)) == first
        merged_listing = db.session.get(Listing, listing_id)
        assert (merged_listing.rating_count, merged_listing.rating_sum) == (1, 5)

        # From now on the database refuses a second visit of that day.
        db.session.add(
            Visit(
                listing_id=listing_id,
                patient_id=patient.id,
                treatment="microneedling",
                visited_on=day,
                verified_by="booking",
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
