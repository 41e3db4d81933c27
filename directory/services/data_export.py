"""Everything stored about an account, as one JSON document (GDPR Art. 15 and 20, CCPA).

Rows are exported column by column, so a column added later is exported too unless it is
listed in ``_SECRET``: password hash, two-factor secret, session token, the hashes of session
keys and recovery codes, and signed invitation tokens never leave the server.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from directory.extensions import db
from directory.models import (
    Answer,
    AuditEntry,
    BookingMessage,
    BookingRequest,
    HelpfulVote,
    Invitation,
    Licence,
    Listing,
    ListingClaim,
    LoginEvent,
    Notification,
    Question,
    Reply,
    Report,
    Review,
    ReviewRevision,
    User,
    UserSession,
    Visit,
    VisitProof,
)
from directory.models.base import utcnow
from directory.services import notifications, photo_reads

# Columns that are secrets, or the stored name of a file (not the person's data).
_SECRET = frozenset(
    (
        "password_hash",
        "totp_secret",
        "totp_last_step",
        "session_token",
        "key_hash",
        "code_hash",
        "token",
        "document_name",
    )
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row(obj: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """One database row as a JSON-ready dict, without secrets."""
    return {
        column.key: _value(getattr(obj, column.key))
        for column in obj.__table__.columns
        if column.key not in _SECRET and column.key not in skip
    }


def _all(statement) -> list[Any]:
    return list(db.session.scalars(statement))


def _reviews(user: User) -> list[dict[str, Any]]:
    items = []
    for review in _all(select(Review).where(Review.author_id == user.id).order_by(Review.id)):
        item = row(review)
        item["listing"] = review.visit.listing.slug if review.visit else None
        item["revisions"] = [
            row(revision)
            for revision in _all(
                select(ReviewRevision)
                .where(ReviewRevision.review_id == review.id)
                .order_by(ReviewRevision.id)
            )
        ]
        item["reply"] = row(review.reply) if review.reply else None
        items.append(item)
    return items


def _questions(user: User) -> list[dict[str, Any]]:
    items = []
    for question in _all(
        select(Question).where(Question.author_id == user.id).order_by(Question.id)
    ):
        item = row(question)
        item["listing"] = question.listing.slug
        item["answer"] = row(question.answer) if question.answer else None
        items.append(item)
    return items


def _audit(user: User) -> list[dict[str, Any]]:
    about = (AuditEntry.target_type == "user") & (AuditEntry.target_id == user.id)
    return [
        row(entry)
        for entry in _all(
            select(AuditEntry)
            .where(or_(AuditEntry.actor_id == user.id, about))
            .order_by(AuditEntry.id)
        )
    ]


def _rows(model: Any, *where: Any) -> list[dict[str, Any]]:
    return [row(obj) for obj in _all(select(model).where(*where).order_by(model.id))]


def build_export(user: User) -> dict[str, Any]:
    """Every section of the account's data; reads only."""
    # Invitations sent to the address belong to its proven owner only: an unconfirmed account
    # may be someone else's registration of that address.
    invitations_received = (
        or_(Invitation.redeemed_by_id == user.id, Invitation.email == user.email.lower())
        if user.is_confirmed
        else Invitation.redeemed_by_id == user.id
    )
    return {
        "format": "needlewise-export/1",
        "exported_at": utcnow().isoformat(),
        "profile": row(user)
        | {"email_notifications_off": sorted(notifications.email_opt_out(user))},
        "reviews": _reviews(user),
        "questions": _questions(user),
        "answers_written": _rows(Answer, Answer.author_id == user.id),
        "replies_written": _rows(Reply, Reply.author_id == user.id),
        "visits": _rows(Visit, Visit.patient_id == user.id),
        "bookings": _rows(BookingRequest, BookingRequest.patient_id == user.id),
        "booking_messages": _rows(
            BookingMessage,
            or_(
                BookingMessage.sender_id == user.id,
                BookingMessage.booking_id.in_(
                    select(BookingRequest.id).where(BookingRequest.patient_id == user.id)
                ),
            ),
        ),
        "helpful_votes": _rows(HelpfulVote, HelpfulVote.user_id == user.id),
        "proofs": _rows(VisitProof, VisitProof.patient_id == user.id),
        "photos": photo_reads.export_rows(user),
        "invitations_received": _rows(Invitation, invitations_received),
        "invitations_sent": _rows(Invitation, Invitation.created_by_id == user.id),
        "notifications": _rows(Notification, Notification.user_id == user.id),
        "sessions": _rows(UserSession, UserSession.user_id == user.id),
        "login_events": _rows(LoginEvent, LoginEvent.user_id == user.id),
        "listings_owned": _rows(Listing, Listing.owner_id == user.id),
        "claims": _rows(ListingClaim, ListingClaim.claimant_id == user.id),
        "licences_submitted": _rows(Licence, Licence.submitted_by_id == user.id),
        "reports_filed": _rows(Report, Report.reporter_id == user.id),
        "audit_log": _audit(user),
    }
