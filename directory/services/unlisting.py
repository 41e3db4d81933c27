"""An owner giving up a listing, so the owner can leave Needlewise (account deletion refuses
owners of listings).

The listing stays public with its reviews and licences, marked "Unclaimed", until a colleague
claims it: patients' reviews belong to the listing, and a practitioner must never be able to
make them disappear (giving up a poorly reviewed listing and opening a fresh one would
otherwise bury them)."""

from __future__ import annotations

from directory import unit_of_work
from directory.extensions import db
from directory.models import Listing, User
from directory.services import ServiceError, accounts, photos
from directory.services.moderation import record
from directory.unit_of_work import transactional

GIVEN_UP = "Given up by its owner; stays public as unclaimed"


@transactional
def unlist(owner: User, slug: str, password: str) -> Listing:
    """Release the listing from ``owner`` (it stays public, unclaimed); audited; commits."""
    listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
    if listing is None or listing.owner_id != owner.id:
        raise ServiceError("You do not own that listing.")
    if not accounts.verify_password(owner, password):
        raise ServiceError("That is not your current password.", "password")
    listing.owner_id = None
    # The headshot and clinic photos were the owner's (a face, their rooms): they go with
    # them, files too; patients' review photos stay with their reviews.
    files = photos.remove_listing_photos(listing)
    record(owner, "listing_unlisted", "listing", listing.id, GIVEN_UP)
    unit_of_work.commit()  # the files go only once the rows are gone for good
    photos.discard_files(files)
    return listing
