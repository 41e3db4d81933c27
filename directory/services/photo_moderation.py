"""Moderators approve or reject patients' before/after photos before anyone else sees them;
every decision lands in the audit log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from directory.extensions import db
from directory.models import Photo, User
from directory.models.base import utcnow
from directory.services import ServiceError, notifications
from directory.services.moderation import record
from directory.unit_of_work import transactional

DECISIONS = ("approve", "reject")


def pending_photos() -> list[Photo]:
    """Review photos waiting for a decision, oldest first."""
    return list(
        db.session.scalars(
            select(Photo)
            .options(joinedload(Photo.review), joinedload(Photo.uploader))
            .where(Photo.kind == "review", Photo.status == "pending")
            .order_by(Photo.created_at, Photo.id)
        )
        .unique()
        .all()
    )


def recent_decisions(limit: int = 20) -> list[Photo]:
    """The latest decided review photos still stored, newest first."""
    return list(
        db.session.scalars(
            select(Photo)
            .where(Photo.kind == "review", Photo.status != "pending")
            .order_by(Photo.decided_at.desc(), Photo.id.desc())
            .limit(limit)
        ).all()
    )


@transactional
def decide(moderator: User, photo_id: int, decision: str, note: str) -> Photo:
    """Approve (shown on the profile) or reject a waiting review photo; audited, the patient
    told. Commits."""
    if not moderator.is_moderator:
        raise ServiceError("Only moderators decide on photos.")
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.kind != "review":
        raise ServiceError("That photo does not exist.")
    if moderator.id in (photo.uploader_id, photo.listing.owner_id):
        raise ServiceError("Another moderator must decide on a photo that concerns you.")
    if photo.status != "pending":
        raise ServiceError("This photo has already been decided.")
    if decision not in DECISIONS:
        raise ServiceError("Choose approve or reject.", "decision")
    note = (note or "").strip()
    if decision == "reject" and not note:
        raise ServiceError("Tell the patient why the photo was not accepted.", "note")
    photo.status = "approved" if decision == "approve" else "rejected"
    photo.decided_at = utcnow()
    photo.decided_by_id = moderator.id
    photo.decision_note = note
    record(moderator, f"photo_{photo.status}", "photo", photo.id, note)
    link = f"/reviews/{photo.review_id}/photos"
    if photo.status == "approved":
        message = f"Your photo on your review of {photo.listing.name} is now shown publicly."
    else:
        message = f"Your photo on your review of {photo.listing.name} was not accepted: {note}"
    notifications.notify(photo.uploader, "decision", message, link)
    return photo
