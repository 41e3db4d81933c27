"""Reading photos: a profile's gallery, search cards' headshots, who may fetch a file, and
the rows a data export lists. Reads only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from directory import uploads
from directory.extensions import db
from directory.models import Listing, Photo, Review, User

GALLERY_REVIEW_PHOTOS = 12
_FILE = re.compile(r"photo-([0-9a-f]{32})-([dt])\.(webp|jpg)")


@dataclass
class Gallery:
    """What a public profile shows: the headshot, clinic photos, and approved before/after
    photos of published reviews (newest first)."""

    headshot: Photo | None = None
    clinic: list[Photo] = field(default_factory=list)
    reviews: list[Photo] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.clinic or self.reviews)


def _public_review_photo():
    """Approved photos of published reviews."""
    return (
        (Photo.kind == "review")
        & (Photo.status == "approved")
        & Photo.review_id.in_(select(Review.id).where(Review.status == "published"))
    )


def gallery(listing: Listing) -> Gallery:
    """The public photos of ``listing``, in two queries."""
    own = db.session.scalars(
        select(Photo)
        .where(Photo.listing_id == listing.id, Photo.kind.in_(("headshot", "clinic")))
        .order_by(Photo.position, Photo.id)
    ).all()
    from_reviews = db.session.scalars(
        select(Photo)
        .where(Photo.listing_id == listing.id, _public_review_photo())
        # Newest review first; within a review, its before photos, then its after photos.
        .order_by(Photo.review_id.desc(), case((Photo.caption == "before", 0), else_=1), Photo.id)
        .limit(GALLERY_REVIEW_PHOTOS)
    ).all()
    return Gallery(
        headshot=next((photo for photo in own if photo.kind == "headshot"), None),
        clinic=[photo for photo in own if photo.kind == "clinic"],
        reviews=list(from_reviews),
    )


def headshots_for(slugs: list[str]) -> dict[str, Photo]:
    """Headshots of the listings with ``slugs`` (search result cards), in one query."""
    if not slugs:
        return {}
    rows = db.session.execute(
        select(Listing.slug, Photo)
        .join(Photo, Photo.listing_id == Listing.id)
        .where(Listing.slug.in_(slugs), Photo.kind == "headshot")
    ).all()
    return dict(rows)  # (slug, headshot) rows


def _may_see(photo: Photo, viewer: Any) -> tuple[bool, bool]:
    """(may see, public): public files are the same for everyone and cacheable anywhere."""
    signed_in = bool(getattr(viewer, "is_authenticated", False))
    staff = signed_in and viewer.is_moderator
    listing_public = not photo.listing.hidden
    if photo.kind == "review":
        public = (
            listing_public and photo.status == "approved" and photo.review.status == "published"
        )
        return public or staff or (signed_in and viewer.id == photo.uploader_id), public
    owner = signed_in and viewer.id == photo.listing.owner_id
    return listing_public or owner or staff, listing_public


def file_for(name: str, viewer: Any) -> tuple[Path, bool] | None:
    """(path, public) of the stored photo file ``name`` if ``viewer`` may see it; None (404)
    for an unknown name, a photo not yet public to this viewer, or a file missing on disk."""
    match = _FILE.fullmatch(name)
    if match is None:
        return None
    key, _size, ext = match.groups()
    photo = db.session.scalar(
        select(Photo).options(joinedload(Photo.listing)).where(Photo.file_key == key)
    )
    if photo is None or photo.ext != ext:
        return None
    allowed, public = _may_see(photo, viewer)
    if not allowed:
        return None
    try:
        return uploads.document_path(name), public
    except FileNotFoundError:
        return None


def export_rows(user: User) -> list[dict[str, Any]]:
    """The photos ``user`` uploaded, for the data export (what, where, status, file URLs)."""
    rows = db.session.scalars(
        select(Photo).where(Photo.uploader_id == user.id).order_by(Photo.id)
    ).all()
    return [
        {
            "id": photo.id,
            "kind": photo.kind,
            "listing": photo.listing.slug,
            "review_id": photo.review_id,
            "caption": photo.caption,
            "alt_text": photo.alt_text,
            "status": photo.status,
            "width": photo.width,
            "height": photo.height,
            "consent_at": photo.consent_at.isoformat() if photo.consent_at else None,
            "created_at": photo.created_at.isoformat(),
            "display_url": photo.url,
            "thumbnail_url": photo.thumb_url,
        }
        for photo in rows
    ]
