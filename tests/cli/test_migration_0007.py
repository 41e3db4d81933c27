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


def _review(visit: Visit, author_id: int, rating: int, minutes: int) -> Review:
    moment = utcnow() - timedelta(days=1) + timedelta(minutes=minutes)
    return Review(
        visit_id=visit.id,
        listing_id=visit.listing_id,
        author_id=author_id,
        rating=rating,
        results=rating,
        comfort=rating,
        cleanliness=rating,
        communication=rating,
        value=rating,
        worth_it="yes",
        treatment="microneedling",
        title=f"{rating} stars",
        body="A review long enough for the rules of the site.",
        status="published",
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
        db.session.add(_review(db.session.get(Visit, first), patient.id, 5, 0))
        db.session.add(_review(db.session.get(Visit, second), patient.id, 1, 5))
        db.session.add(
            BookingRequest(
                listing_id=listing.id,
                patient_id=patient.id,
                treatment="microneedling",
                status="attended",
                appointment_on=day,
                visit_id=third,
            )
        )
        listing.rating_count, listing.rating_sum = 2, 6
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
