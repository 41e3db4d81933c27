"""Licences: an owner submits one with a document, moderators vet it (expiry: licence_expiry).

The workflow is the explicit table ``TRANSITIONS``; anything not in it is refused. A listing is
verified while it holds a verified licence that has not expired (CONTRACT section 3): every
change recomputes ``Listing.verified`` / ``verified_until`` and tells the search index in the
same transaction, so the badge reaches the profile, the API and search results together.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, raiseload
from werkzeug.datastructures import FileStorage

from directory import indexing, unit_of_work, uploads, vocabulary
from directory.extensions import db
from directory.models import Licence, Listing, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.services.moderation import record
from directory.unit_of_work import transactional

# (from, to) -> the action that makes the move. Rejected, expired and revoked are final: the
# owner submits a new licence instead, so the history of each one stays readable.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("pending", "verified"): "approve",
    ("pending", "rejected"): "reject",
    ("verified", "expired"): "expire",
    ("verified", "revoked"): "revoke",
}
DECISIONS = ("approve", "reject")
MAX_YEARS_AHEAD = 10
DEFAULT_RECHECK_MONTHS = 24  # config LICENCE_RECHECK_MONTHS
_LIMITS = {"type": 120, "number": 60, "authority": 160}
_MISSING = {
    "type": "Enter the licence type, e.g. Registered Nurse.",
    "number": "Enter the licence number as printed on the licence.",
    "authority": "Enter the board that issued the licence.",
}


@dataclass
class LicenceInput:
    """What an owner types into the licence form (field names of CONTRACT section 6)."""

    listing: str = ""
    type: str = ""
    number: str = ""
    authority: str = ""
    jurisdiction: str = ""
    expires_on: date | None = None


def can_transition(current: str, new: str) -> bool:
    """Whether the workflow allows ``current`` -> ``new``."""
    return (current, new) in TRANSITIONS


def move(licence: Licence, new: str) -> None:
    """Change the status, or raise ServiceError when the table does not allow the move."""
    if not can_transition(licence.status, new):
        old, target = vocabulary.label(licence.status), vocabulary.label(new)
        raise ServiceError(f"A licence that is “{old}” cannot become “{target}”.", "decision")
    licence.status = new


def refresh_listing_verification(listing: Listing) -> None:
    """Store until when the listing is verified (the latest day any of its verified licences
    still counts); tell search. No commit. The badge itself is compared with today wherever
    it is shown, so a date in the past simply means "no badge"."""
    through = [day for licence in listing.licences if (day := licence.valid_through)]
    listing.verified_until = max(through, default=None)
    indexing.listing_changed(listing)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def recheck_date(licence: Licence, verified_on: date) -> date:
    """The next re-check: the licence's expiry, or LICENCE_RECHECK_MONTHS after verification."""
    if licence.expires_on is not None:
        return licence.expires_on
    months = int(current_app.config.get("LICENCE_RECHECK_MONTHS", DEFAULT_RECHECK_MONTHS))
    return add_months(verified_on, max(1, months))


def stamp_verification(licence: Licence, moderator: User, today: date) -> None:
    """A moderator checked the licence today: new verification date, re-check date, and the
    owner's reminders start again for that date."""
    licence.verified_at = utcnow()
    licence.verified_by_id = moderator.id
    licence.recheck_due_on = recheck_date(licence, today)
    licence.early_notice_sent_on = None
    licence.expiry_notice_sent_on = None


# --- the owner -------------------------------------------------------------------------------


def owner_listings(owner: User) -> list[Listing]:
    """The listings ``owner`` may submit licences for, by name."""
    return list(
        db.session.scalars(
            select(Listing).where(Listing.owner_id == owner.id).order_by(Listing.name, Listing.id)
        ).all()
    )


def owner_licences(owner: User) -> list[Licence]:
    """Every licence on the owner's listings, newest first."""
    return list(
        db.session.scalars(
            select(Licence)
            .join(Listing)
            .where(Listing.owner_id == owner.id)
            .order_by(Licence.submitted_at.desc(), Licence.id.desc())
        ).all()
    )


def _validate(owner: User, data: LicenceInput, today: date) -> Listing:
    listing = db.session.scalar(
        select(Listing).where(Listing.slug == (data.listing or ""), Listing.owner_id == owner.id)
    )
    if listing is None:
        raise ServiceError("Choose one of your listings.", "listing")
    for name, limit in _LIMITS.items():
        value = " ".join((getattr(data, name) or "").split())
        setattr(data, name, value)
        if not value:
            raise ServiceError(_MISSING[name], name)
        if len(value) > limit:
            raise ServiceError(f"Keep this under {limit} characters.", name)
    state = (data.jurisdiction or "").strip().upper().removeprefix("US-")
    if state not in vocabulary.US_STATES:
        raise ServiceError("Choose the state that issued the licence.", "jurisdiction")
    data.jurisdiction = f"US-{state}"
    if data.expires_on is None:
        raise ServiceError("Enter the expiry date printed on the licence.", "expires_on")
    if data.expires_on < today:
        raise ServiceError(
            "This licence has already expired; submit the renewed licence.", "expires_on"
        )
    if data.expires_on > today + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise ServiceError("Check the expiry date; it is too far in the future.", "expires_on")
    for existing in listing.licences:
        same = re.sub(r"\W", "", existing.number.lower()) == re.sub(r"\W", "", data.number.lower())
        if same and existing.jurisdiction == data.jurisdiction:
            if existing.status == "pending":
                raise ServiceError("This licence is already waiting for a moderator.", "number")
            if existing.is_current(today) and existing.expires_on == data.expires_on:
                raise ServiceError("This licence is already verified.", "number")
    return listing


@transactional
def submit_licence(
    owner: User, data: LicenceInput, upload: FileStorage | None, today: date | None = None
) -> Licence:
    """Store the document and queue the licence for moderators; a failure leaves nothing."""
    today = today or date.today()
    listing = _validate(owner, data, today)
    stored = uploads.save_document(upload)
    try:
        licence = Licence(
            listing=listing,
            type=data.type,
            number=data.number,
            authority=data.authority,
            jurisdiction=data.jurisdiction,
            expires_on=data.expires_on,
            status="pending",
            document_name=stored.name,
            document_mime=stored.mime,
            document_size=stored.size,
            document_original_name=stored.original_name,
            submitted_by_id=owner.id,
            submitted_at=utcnow(),
        )
        db.session.add(licence)
        unit_of_work.commit()
    except Exception:
        unit_of_work.rollback()
        uploads.discard(stored.name)
        raise
    return licence


def document_for(user: User, licence_id: int) -> tuple[Licence, Path] | None:
    """The licence and its file, for moderators and the listing's owner; None for anyone else."""
    licence = db.session.get(Licence, licence_id)
    if licence is None or not licence.document_name:
        return None
    if not (user.is_moderator or licence.listing.owner_id == user.id):
        return None
    try:
        return licence, uploads.document_path(licence.document_name)
    except FileNotFoundError:
        return None


# --- moderators ------------------------------------------------------------------------------


# The queue pages show a licence's own columns and its listing's (name, slug, profession,
# place); the decided list also the moderator. Everything else raises instead of loading a
# listing's five collections per row (which made the queue 5 statements a row).
_QUEUE_LISTING = joinedload(Licence.listing).raiseload("*")


def pending_queue() -> list[Licence]:
    """Licences waiting for a decision, oldest first, with their listings (one query)."""
    return list(
        db.session.scalars(
            select(Licence)
            .options(_QUEUE_LISTING, raiseload("*"))
            .where(Licence.status == "pending")
            .order_by(Licence.submitted_at, Licence.id)
        ).all()
    )


def recent_decisions(limit: int = 15) -> list[Licence]:
    """The latest approved, rejected or revoked licences, newest first, with their listings
    and deciding moderators (one query)."""
    return list(
        db.session.scalars(
            select(Licence)
            .options(_QUEUE_LISTING, joinedload(Licence.decided_by).raiseload("*"), raiseload("*"))
            .where(Licence.decided_at.is_not(None))
            .order_by(Licence.decided_at.desc(), Licence.id.desc())
            .limit(limit)
        ).all()
    )


def _licence_to_decide(moderator: User, licence_id: int) -> Licence:
    if not moderator.is_moderator:
        raise ServiceError("Only moderators decide on licences.")
    licence = db.session.get(Licence, licence_id)
    if licence is None:
        raise ServiceError("That licence does not exist.")
    if licence.listing.owner_id == moderator.id:
        raise ServiceError("You cannot decide on a licence for your own listing.")
    return licence


def _owner(licence: Licence) -> User | None:
    owner = licence.listing.owner
    if owner is None and licence.submitted_by_id:
        owner = db.session.get(User, licence.submitted_by_id)
    return owner


def describe(licence: Licence) -> str:
    """``Registered Nurse licence 123 for Jane Doe``, for messages to the owner."""
    return f"{licence.type} licence {licence.number} for {licence.listing.name}"


def tell_owner(licence: Licence, message: str, kind: str = "decision") -> None:
    """Notify the listing's owner (or whoever submitted the licence); the caller commits."""
    owner = _owner(licence)
    if owner is not None:
        notifications.notify(owner, kind, message, "/account/licences")


@transactional
def decide(moderator: User, licence_id: int, decision: str, note: str) -> Licence:
    """Approve or reject a pending licence (the decision form of CONTRACT section 6)."""
    if decision == "approve":
        return approve(moderator, licence_id, note)
    if decision == "reject":
        return reject(moderator, licence_id, note)
    raise ServiceError("Choose approve or reject.", "decision")


@transactional
def approve(moderator: User, licence_id: int, note: str = "", today: date | None = None) -> Licence:
    """Verify a pending licence; the listing gets its badge if the licence is current."""
    today = today or date.today()
    licence = _licence_to_decide(moderator, licence_id)
    if licence.status == "pending" and licence.expires_on and licence.expires_on < today:
        raise ServiceError(
            f"This licence expired on {licence.expires_on:%d %b %Y}; reject it and ask for the "
            "renewed licence.",
            "decision",
        )
    note = (note or "").strip()
    stamp_verification(licence, moderator, today)
    _conclude(moderator, licence, "verified", note, f"Your {describe(licence)} is verified.")
    return licence


@transactional
def reject(moderator: User, licence_id: int, note: str) -> Licence:
    """Reject a pending licence; the note, required, tells the owner why."""
    licence = _licence_to_decide(moderator, licence_id)
    note = (note or "").strip()
    if not note:
        raise ServiceError("Tell the owner why the licence is rejected.", "note")
    _conclude(
        moderator, licence, "rejected", note, f"Your {describe(licence)} was not accepted: {note}"
    )
    return licence


@transactional
def revoke(moderator: User, licence_id: int, reason: str) -> Licence:
    """Withdraw a verified licence (e.g. the board disciplined the holder); a reason is required."""
    licence = _licence_to_decide(moderator, licence_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Give the reason for revoking the licence.", "reason")
    _conclude(
        moderator, licence, "revoked", reason, f"Your {describe(licence)} was revoked: {reason}"
    )
    return licence


def _conclude(
    moderator: User,
    licence: Licence,
    status: str,
    note: str,
    message: str,
) -> None:
    """Move the licence, stamp the decision, refresh the badge, audit, tell the owner, commit."""
    move(licence, status)
    licence.decided_at = licence.verified_at if status == "verified" else utcnow()
    licence.decided_by_id = moderator.id
    licence.decision_note = note
    refresh_listing_verification(licence.listing)
    record(moderator, f"licence_{status}", "licence", licence.id, note)
    tell_owner(licence, message)
