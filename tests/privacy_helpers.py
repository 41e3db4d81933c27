"""A patient with something of every kind stored about them, for the export and deletion
tests: a published review (edited once, so it has a revision, with the owner's reply), a
question with its answer, a booking, a proof with its file on disk, an invitation, a
notification, a login event and an audit entry about the account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from directory import uploads
from directory.extensions import db
from directory.models import (
    Answer,
    AuditEntry,
    BookingRequest,
    Invitation,
    LoginEvent,
    Notification,
    Question,
    Reply,
    Review,
    ReviewRevision,
    User,
    VisitProof,
)
from directory.models.base import utcnow
from tests.review_helpers import add_visit, owner_and_listing

REVIEW_BODY = "Tiny needles, big difference: my rolling scars softened after three sessions."
OLD_BODY = "First draft of my review, before the third session."
QUESTION_BODY = "Do you use numbing cream before PRP micro-needling?"
BOOKING_MESSAGE = "Call me on 512-555-0199 after 5pm, ask for Patricia."
PROOF_BYTES = b"%PDF-1.4\n% receipt of Patricia Kowalski\n"


@dataclass
class Patient:
    """Ids of what ``patient_with_history`` made."""

    user_id: int
    owner_id: int
    listing_id: int
    slug: str
    review_id: int
    question_id: int
    booking_id: int
    proof_id: int
    proof_file: str
    invitation_id: int


def patient_with_history(app, make_user, email: str = "patricia@example.org") -> Patient:
    """Make the patient and everything above; returns the ids."""
    owner_id, slug, listing_id = owner_and_listing(app, make_user)
    user_id = make_user(email, name="Patricia K")
    visit_id = add_visit(app, user_id, listing_id)
    with app.app_context():
        review = Review(
            visit_id=visit_id,
            listing_id=listing_id,
            author_id=user_id,
            rating=4,
            results=4,
            comfort=4,
            cleanliness=5,
            communication=5,
            value=4,
            worth_it="yes",
            price_paid=300,
            treatment="microneedling",
            title="Smoother skin",
            body=REVIEW_BODY,
            edited=True,
        )
        db.session.add(review)
        db.session.flush()
        db.session.add(ReviewRevision(review_id=review.id, rating=3, title="Draft", body=OLD_BODY))
        db.session.add(Reply(review_id=review.id, author_id=owner_id, body="Thank you!"))
        listing_row = review.visit.listing
        listing_row.rating_count, listing_row.rating_sum = 1, 4
        question = Question(listing_id=listing_id, author_id=user_id, body=QUESTION_BODY)
        db.session.add(question)
        db.session.flush()
        db.session.add(Answer(question_id=question.id, author_id=owner_id, body="Yes, always."))
        booking = BookingRequest(
            listing_id=listing_id,
            patient_id=user_id,
            treatment="microneedling",
            preferred_dates="Tuesdays",
            message=BOOKING_MESSAGE,
        )
        stored = _store_file(app)
        proof = VisitProof(
            listing_id=listing_id,
            patient_id=user_id,
            treatment="microneedling",
            visited_on=date.today() - timedelta(days=3),
            document_name=stored,
            document_mime="application/pdf",
            document_size=len(PROOF_BYTES),
        )
        invitation = Invitation(
            token="tok-" + str(user_id),
            listing_id=listing_id,
            email=email,
            treated_on=date.today() - timedelta(days=10),
            treatment="microneedling",
            created_by_id=owner_id,
            expires_at=utcnow() + timedelta(days=30),
            redeemed_at=utcnow(),
            redeemed_by_id=user_id,
            visit_id=visit_id,
        )
        db.session.add_all([booking, proof, invitation])
        db.session.add(Notification(user_id=user_id, kind="reply", message="They replied."))
        db.session.add(LoginEvent(user_id=user_id, ip="203.0.113.7", kind="register"))
        db.session.add(
            AuditEntry(
                actor_id=None,
                action="account_suspended",
                target_type="user",
                target_id=user_id,
                note="test entry",
            )
        )
        db.session.commit()
        return Patient(
            user_id,
            owner_id,
            listing_id,
            slug,
            review.id,
            question.id,
            booking.id,
            proof.id,
            stored,
            invitation.id,
        )


def _store_file(app) -> str:
    """A proof document on disk, as uploads.save_document leaves it."""
    name = "proof-test-" + str(utcnow().timestamp()).replace(".", "") + ".pdf"
    folder = Path(app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(PROOF_BYTES)
    assert uploads.document_path(name).is_file()
    return name


def user_row(app, user_id: int) -> User:
    """The account row, detached."""
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge_all()
        return user
