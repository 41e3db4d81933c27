"""Every queue and list page runs the same number of SQL statements for 1 row as for 8: no
page loads its rows one by one (N+1). Each test adds one row, counts, adds seven, counts."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory import indexing
from directory.extensions import db
from directory.models import (
    Answer,
    AuditEntry,
    BookingRequest,
    Invitation,
    Listing,
    ListingClaim,
    Notification,
    Question,
    Reply,
    Report,
    VisitProof,
)
from directory.models.base import utcnow
from tests.credentials_helpers import logged_in
from tests.factories import make_licence, make_listing
from tests.query_counts import page_statements
from tests.review_helpers import seed_reviews

TODAY = date.today()
_numbers = itertools.count(1)


def _grows(app: Flask, client: FlaskClient, url: str, add: Callable[[], object]) -> None:
    """Assert ``url`` runs as many statements after ``add()`` once as after eight times."""
    add()
    one = page_statements(app, client, url)
    for _ in range(7):
        add()
    eight = page_statements(app, client, url)
    assert len(one) == len(eight), "\n".join(eight)


@pytest.fixture
def people(app, make_user) -> dict[str, int]:
    """A moderator, a practitioner and a patient (ids)."""
    return {
        "moderator": make_user("mod@example.org", role="moderator", name="Morgan Mod"),
        "owner": make_user("owner@example.org", role="practitioner", name="Olivia Owner"),
        "patient": make_user("pat@example.org", name="Pat Patient"),
    }


@pytest.fixture
def moderator(app, people) -> FlaskClient:
    return logged_in(app, "mod@example.org")


@pytest.fixture
def owner(app, people) -> FlaskClient:
    return logged_in(app, "owner@example.org")


@pytest.fixture
def own_listing(app, people) -> int:
    with app.app_context():
        return make_listing(owner_id=people["owner"]).id


# -- moderation queues ---------------------------------------------------------------------


def test_credential_queue(app, people, moderator):
    def add() -> None:
        n = next(_numbers)
        with app.app_context():
            listing = make_listing(owner_id=people["owner"], name=f"Pending Person{n}")
            make_licence(listing, status="pending", number=f"P-{n}")
            decided = make_listing(name=f"Decided Person{n}")
            make_licence(decided, status="rejected", number=f"R-{n}", decided_at=utcnow(),
                         decided_by_id=people["moderator"])  # fmt: skip

    _grows(app, moderator, "/moderation/credentials", add)
    html = moderator.get("/moderation/credentials").get_data(as_text=True)
    assert html.count("Pending Person") == 8 and "mod@example.org" in html


def test_claims_queue(app, people, moderator):
    def add() -> None:
        n = next(_numbers)
        with app.app_context():
            listing = make_listing(name=f"Claimed Person{n}")
            for status in ("pending", "rejected"):
                db.session.add(ListingClaim(
                    listing_id=listing.id, claimant_id=people["owner"], npi=f"{n:010d}",
                    licence_number=f"C-{n}", document_name="x.pdf", document_mime="application/pdf",
                    document_size=10, status=status,
                    decided_at=utcnow() if status != "pending" else None,
                    decided_by_id=people["moderator"] if status != "pending" else None,
                ))  # fmt: skip
            db.session.commit()

    _grows(app, moderator, "/moderation/claims", add)
    assert "Claimed Person" in moderator.get("/moderation/claims").get_data(as_text=True)


@pytest.mark.parametrize("status", ["open", "kept"])
def test_report_queue(app, people, moderator, own_listing, status):
    """Reports on every kind of content: reviews, replies, questions, answers, listings."""

    def add() -> None:
        n = next(_numbers)
        (review_id,) = seed_reviews(app, own_listing, [2], title=f"Reported review {n}")
        with app.app_context():
            listing = make_listing(name=f"Reported Person{n}")
            question = Question(listing_id=own_listing, author_id=people["patient"],
                                body=f"Does it hurt much? ({n})")  # fmt: skip
            db.session.add(question)
            db.session.flush()
            answer = Answer(question_id=question.id, author_id=people["owner"], body="A little.")
            reply = Reply(review_id=review_id, author_id=people["owner"], body="Thank you.")
            db.session.add_all([answer, reply])
            db.session.flush()
            targets = [("review", review_id), ("question", question.id), ("answer", answer.id),
                       ("reply", reply.id), ("listing", listing.id)]  # fmt: skip
            for target_type, target_id in targets:
                db.session.add(Report(
                    reporter_id=people["patient"], target_type=target_type, target_id=target_id,
                    reason="spam", status=status,
                    decided_at=None if status == "open" else utcnow(),
                    decided_by_id=None if status == "open" else people["moderator"],
                ))  # fmt: skip
            db.session.commit()

    _grows(app, moderator, f"/moderation/reports?status={status}", add)
    html = moderator.get(f"/moderation/reports?status={status}").get_data(as_text=True)
    assert html.count("/moderation/reports/") >= 5 * 8  # every report has its link
    assert "Reported review" in html and "Reported Person" in html and "Thank you." in html


def test_recheck_queue(app, people, moderator):
    def add() -> None:
        n = next(_numbers)
        with app.app_context():
            listing = make_listing(owner_id=people["owner"], name=f"Due Person{n}")
            make_licence(
                listing,
                number=f"D-{n}",
                expires_on=None,
                recheck_due_on=TODAY + timedelta(days=n % 20),
            )

    _grows(app, moderator, "/moderation/recheck", add)


# -- a practitioner's lists ----------------------------------------------------------------


def test_account_listings(app, people, owner):
    def add() -> None:
        with app.app_context():
            make_listing(owner_id=people["owner"], name=f"Owned Person{next(_numbers)}")

    _grows(app, owner, "/account/listings", add)


def test_account_licences(app, people, owner, own_listing):
    def add() -> None:
        with app.app_context():
            listing = db.session.get(Listing, own_listing)
            make_licence(listing, status="pending", number=f"L-{next(_numbers)}")

    _grows(app, owner, "/account/licences", add)


def test_account_reviews(app, owner, own_listing):
    _grows(app, owner, "/account/reviews", lambda: seed_reviews(app, own_listing, [4]))


def test_account_questions(app, people, owner, own_listing):
    def add() -> None:
        with app.app_context():
            for answered in (False, True):
                question = Question(listing_id=own_listing, author_id=people["patient"],
                                    body=f"Question {next(_numbers)} about downtime?")  # fmt: skip
                db.session.add(question)
                db.session.flush()
                if answered:
                    db.session.add(Answer(question_id=question.id, author_id=people["owner"],
                                          body="About two days of redness."))  # fmt: skip
            db.session.commit()

    _grows(app, owner, "/account/questions", add)


def test_account_bookings(app, people, owner, own_listing):
    def add() -> None:
        with app.app_context():
            for status in ("requested", "accepted"):
                db.session.add(BookingRequest(
                    listing_id=own_listing, patient_id=people["patient"], treatment="microneedling",
                    preferred_dates="Any weekday", message=f"Booking {next(_numbers)}",
                    status=status,
                    appointment_on=TODAY + timedelta(days=3) if status == "accepted" else None,
                ))  # fmt: skip
            db.session.commit()

    _grows(app, owner, "/account/bookings", add)


def test_account_invitations(app, people, owner, own_listing):
    def add() -> None:
        n = next(_numbers)
        with app.app_context():
            db.session.add(Invitation(
                token=f"token-{n}", listing_id=own_listing, email=f"invitee{n}@example.org",
                treated_on=TODAY, treatment="microneedling", created_by_id=people["owner"],
                expires_at=utcnow() + timedelta(days=30),
            ))  # fmt: skip
            db.session.commit()

    _grows(app, owner, "/account/invitations", add)


# -- public pages --------------------------------------------------------------------------


def test_search_page(app, client):
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())

    def add() -> None:
        with app.app_context():
            make_listing(name=f"Searchable Person{next(_numbers)}")  # indexed after commit

    _grows(app, client, "/search?q=microneedling", add)
    assert "Searchable Person" in client.get("/search?q=microneedling").get_data(as_text=True)


def test_profile(app, client, own_listing):
    with app.app_context():
        slug = db.session.get(Listing, own_listing).slug

    def add() -> None:
        seed_reviews(app, own_listing, [5])
        with app.app_context():
            listing = db.session.get(Listing, own_listing)
            make_licence(listing, number=f"V-{next(_numbers)}")

    _grows(app, client, f"/practitioners/{slug}", add)


def test_proofs_queue(app, people, moderator, own_listing):
    def add() -> None:
        with app.app_context():
            for status in ("pending", "rejected"):
                db.session.add(VisitProof(
                    listing_id=own_listing, patient_id=people["patient"], treatment="microneedling",
                    visited_on=TODAY - timedelta(days=next(_numbers)), document_name="p.pdf",
                    document_mime="application/pdf", document_size=10, status=status,
                    decided_at=None if status == "pending" else utcnow(),
                    decided_by_id=None if status == "pending" else people["moderator"],
                ))  # fmt: skip
            db.session.commit()

    _grows(app, moderator, "/moderation/proofs", add)


def test_held_replies_queue(app, people, moderator, own_listing):
    def add() -> None:
        (review_id,) = seed_reviews(app, own_listing, [3])
        with app.app_context():
            reply = Reply(review_id=review_id, author_id=people["owner"], status="held",
                          body="Thanks Jane, see you soon.", held_reason="a name")  # fmt: skip
            db.session.add(reply)
            db.session.commit()

    _grows(app, moderator, "/moderation/replies", add)


def test_audit_log_and_a_listings_moderation_page(app, people, moderator, own_listing):
    with app.app_context():
        slug = db.session.get(Listing, own_listing).slug

    def add() -> None:
        n = next(_numbers)
        (review_id,) = seed_reviews(app, own_listing, [1], title=f"Logged review {n}")
        with app.app_context():
            entry = AuditEntry(actor_id=people["moderator"], action="report_kept",
                               target_type="review", target_id=review_id, note=f"n{n}")  # fmt: skip
            db.session.add(entry)
            db.session.add(Report(reporter_id=people["patient"], target_type="review",
                                  target_id=review_id, reason="spam"))  # fmt: skip
            db.session.commit()

    _grows(app, moderator, "/moderation/log", add)
    _grows(app, moderator, f"/moderation/listings/{slug}", add)


def test_account_claims_and_inbox(app, people, owner):
    def add() -> None:
        n = next(_numbers)
        with app.app_context():
            listing = make_listing(name=f"Wanted Person{n}")
            db.session.add(ListingClaim(
                listing_id=listing.id, claimant_id=people["owner"], npi=f"{n:010d}",
                licence_number=f"C-{n}", document_name="x.pdf", document_mime="application/pdf",
                document_size=10,
            ))  # fmt: skip
            note = Notification(user_id=people["owner"], kind="question", message=f"Note {n}",
                                link="/account/questions")  # fmt: skip
            db.session.add(note)
            db.session.commit()

    _grows(app, owner, "/account/claims", add)
    _grows(app, owner, "/account/inbox", add)
