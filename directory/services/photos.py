"""Adding, describing, ordering and removing photos (README, "Photos").

A listing's owner manages its headshot and up to ``CLINIC_PHOTOS_MAX`` clinic photos; a
patient adds up to ``REVIEW_PHOTOS_MAX`` before/after photos to their own published review,
with consent, and they wait for a moderator. Every upload goes through ``images.process``
(re-encoded, metadata gone) before a byte reaches the disk; files are written before the row
and removed again if the transaction fails, and removed after the commit that drops their row.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, has_request_context
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from directory import images, unit_of_work, uploads
from directory.extensions import db
from directory.models import Listing, Photo, Review, User
from directory.models.base import utcnow
from directory.models.photos import REVIEW_CAPTIONS
from directory.services import ServiceError, upload_quota
from directory.unit_of_work import transactional

ALT_MAX = 250
MOVES = ("up", "down")


@dataclass(frozen=True)
class PhotoPlace:
    """Where a photo is managed, still known once the photo is deleted."""

    kind: str
    listing_slug: str
    review_id: int | None


def _place(photo: Photo) -> PhotoPlace:
    return PhotoPlace(photo.kind, photo.listing.slug, photo.review_id)


def limits(kind: str) -> images.Limits:
    """The image limits for a photo of ``kind``, from config."""
    config = current_app.config
    return images.Limits(
        max_bytes=int(config["PHOTO_MAX_BYTES"]),
        max_pixels=int(config["PHOTO_MAX_PIXELS"]),
        display_px=int(config["PHOTO_DISPLAY_PX"]) // (2 if kind == "headshot" else 1),
        thumb_px=int(config["PHOTO_THUMB_PX"]),
    )


def _read(upload: FileStorage | None, max_bytes: int) -> bytes:
    if upload is None or not upload.filename:
        raise ServiceError("Choose a photo to upload.", "photo")
    return upload.stream.read(max_bytes + 1)


def store_photo(uploader: User, upload: FileStorage | None, kind: str, **fields: object) -> Photo:
    """Process and write the upload; a new Photo row (not yet added) describing the files.
    The caller adds and commits it, and discards ``photo.file_names`` if that fails."""
    wanted = limits(kind)
    try:
        processed = images.process(_read(upload, wanted.max_bytes), wanted)
    except images.ImageRejected as error:
        raise ServiceError(str(error), "photo") from error
    size = len(processed.display.data) + len(processed.thumbnail.data)
    if has_request_context():  # operators (CLI, demo loader) are not capped
        upload_quota.check_room(uploader.id, size, "photo")
    photo = Photo(
        kind=kind,
        uploader_id=uploader.id,
        file_key=secrets.token_hex(16),
        ext=processed.ext,
        width=processed.display.width,
        height=processed.display.height,
        thumb_width=processed.thumbnail.width,
        thumb_height=processed.thumbnail.height,
        stored_bytes=size,
        created_at=utcnow(),
        **fields,
    )
    uploads.write_files(
        {
            photo.file_name("d"): processed.display.data,
            photo.file_name("t"): processed.thumbnail.data,
        },
        "photo",
        "photo",
    )
    return photo


def _commit_new(photo: Photo, old_files: Iterable[str] = ()) -> Photo:
    """Commit the new row; on failure remove its files, on success the replaced ones."""
    try:
        db.session.add(photo)
        unit_of_work.commit()
    except Exception:
        unit_of_work.rollback()
        discard_files(photo.file_names)
        raise
    discard_files(old_files)
    return photo


def discard_files(names: Iterable[str]) -> None:
    """Remove stored photo files (after the rows that named them are gone)."""
    for name in names:
        uploads.discard(name)


def _clean_alt(alt_text: str | None, required: bool) -> str:
    alt = " ".join((alt_text or "").split())
    if required and not alt:
        raise ServiceError(
            "Describe the photo for people who cannot see it, e.g. “Treatment room with a "
            "reclining chair and a window”.",
            "alt_text",
        )
    if len(alt) > ALT_MAX:
        raise ServiceError(f"Keep the description under {ALT_MAX} characters.", "alt_text")
    return alt


# --- a listing's photos, managed by its owner -------------------------------------------


def _require_owner(user: User, listing: Listing) -> None:
    if listing.owner_id != user.id:
        raise ServiceError("You do not own that listing.")


def listing_photos(listing: Listing) -> tuple[Photo | None, list[Photo]]:
    """(headshot, clinic photos in order) of a listing."""
    rows = db.session.scalars(
        select(Photo)
        .where(Photo.listing_id == listing.id, Photo.kind.in_(("headshot", "clinic")))
        .order_by(Photo.position, Photo.id)
    ).all()
    headshot = next((photo for photo in rows if photo.kind == "headshot"), None)
    return headshot, [photo for photo in rows if photo.kind == "clinic"]


@transactional
def add_clinic_photo(
    owner: User, listing: Listing, upload: FileStorage | None, alt_text: str
) -> Photo:
    """Add a clinic photo at the end of the gallery; commits."""
    _require_owner(owner, listing)
    alt = _clean_alt(alt_text, required=True)
    _, clinic = listing_photos(listing)
    cap = int(current_app.config["CLINIC_PHOTOS_MAX"])
    if len(clinic) >= cap:
        raise ServiceError(
            f"A listing can show {cap} clinic photos. Delete one to add another.", "photo"
        )
    position = max((photo.position for photo in clinic), default=-1) + 1
    photo = store_photo(
        owner, upload, "clinic", listing_id=listing.id, alt_text=alt, position=position
    )
    return _commit_new(photo)


@transactional
def replace_headshot(
    owner: User, listing: Listing, upload: FileStorage | None, alt_text: str
) -> Photo:
    """Set (or replace) the listing's headshot; the old files go after the commit."""
    _require_owner(owner, listing)
    alt = _clean_alt(alt_text, required=False) or f"Portrait of {listing.name}"
    old, _ = listing_photos(listing)
    photo = store_photo(owner, upload, "headshot", listing_id=listing.id, alt_text=alt)
    old_files = []
    if old is not None:
        old_files = old.file_names
        db.session.delete(old)
    return _commit_new(photo, old_files)


def _managed_photo(user: User, photo_id: int) -> Photo:
    """A photo ``user`` may change: their listing's, or one of their own review's."""
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise ServiceError("That photo does not exist.")
    if photo.kind == "review":
        allowed = photo.uploader_id == user.id
    else:
        allowed = photo.listing.owner_id == user.id
    if not allowed:
        raise ServiceError("That photo does not exist.")  # the same answer: ids stay secret
    return photo


@transactional
def update_alt(user: User, photo_id: int, alt_text: str) -> PhotoPlace:
    """Change a listing photo's description; commits."""
    photo = _managed_photo(user, photo_id)
    if photo.kind == "review":
        raise ServiceError("That photo does not exist.")
    photo.alt_text = _clean_alt(alt_text, required=photo.kind == "clinic") or (
        f"Portrait of {photo.listing.name}"
    )
    return _place(photo)


@transactional
def move(user: User, photo_id: int, direction: str) -> PhotoPlace:
    """Swap a clinic photo with its neighbour before or after it; commits."""
    photo = _managed_photo(user, photo_id)
    if photo.kind != "clinic" or direction not in MOVES:
        raise ServiceError("Only clinic photos can be moved up or down.")
    _, clinic = listing_photos(photo.listing)
    for index, item in enumerate(clinic):  # renumber first: positions may have gaps
        item.position = index
    at = clinic.index(photo)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(clinic):
        clinic[at].position, clinic[other].position = other, at
    return _place(photo)


@transactional
def delete_photo(user: User, photo_id: int) -> PhotoPlace:
    """Delete a photo the user manages, with its files; commits. Returns where it was."""
    photo = _managed_photo(user, photo_id)
    names, place = photo.file_names, _place(photo)
    db.session.delete(photo)
    unit_of_work.commit()  # the files go only once the row is gone for good
    discard_files(names)
    return place


def remove_listing_photos(listing: Listing) -> list[str]:
    """Delete the headshot and clinic photos of a listing in the current transaction (the
    caller commits, then discards the returned file names)."""
    headshot, clinic = listing_photos(listing)
    names: list[str] = []
    for photo in ([headshot] if headshot else []) + clinic:
        names += photo.file_names
        db.session.delete(photo)
    return names


# --- before/after photos on a patient's review -------------------------------------------


def authored_review(user: User, review_id: int) -> Review | None:
    """The review if ``user`` wrote it, whatever its state; None otherwise."""
    review = db.session.get(Review, review_id)
    if review is None or review.author_id != user.id:
        return None
    return review


def review_photos(review: Review) -> list[Photo]:
    """Every photo of a review, oldest first (any status)."""
    return list(
        db.session.scalars(
            select(Photo).where(Photo.review_id == review.id).order_by(Photo.id)
        ).all()
    )


@transactional
def add_review_photo(
    patient: User,
    review: Review,
    upload: FileStorage | None,
    caption: str,
    description: str,
    consent: bool,
) -> Photo:
    """Attach a before/after photo to the patient's own published review; it waits for a
    moderator. Commits."""
    if review.author_id != patient.id or review.status != "published":
        raise ServiceError("You can add photos only to your own published review.")
    if caption not in REVIEW_CAPTIONS:
        raise ServiceError("Say whether this is a before or an after photo.", "caption")
    if not consent:
        raise ServiceError(
            "Tick the box to agree that the photo may be shown publicly once approved.",
            "consent",
        )
    description = _clean_alt(description, required=False)
    cap = int(current_app.config["REVIEW_PHOTOS_MAX"])
    count = db.session.scalar(select(func.count(Photo.id)).where(Photo.review_id == review.id))
    if (count or 0) >= cap:
        raise ServiceError(f"A review can have {cap} photos. Remove one to add another.", "photo")
    alt = description or f"{REVIEW_CAPTIONS[caption]}, from a patient's review"
    photo = store_photo(
        patient,
        upload,
        "review",
        listing_id=review.listing_id,
        review_id=review.id,
        caption=caption,
        alt_text=alt,
        status="pending",
        consent_at=utcnow(),
    )
    return _commit_new(photo)


def purge_photos_of(user: User) -> list[str]:
    """Delete every photo ``user`` uploaded, in the current transaction (account purge: the
    caller commits, then discards the returned file names)."""
    names: list[str] = []
    for photo in db.session.scalars(select(Photo).where(Photo.uploader_id == user.id)):
        names += photo.file_names
        db.session.delete(photo)
    return names
