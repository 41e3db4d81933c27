"""An owner unlisting a listing: it leaves search and its public profile, and the account
gives it up, so the owner can leave Needlewise (account deletion refuses owners of listings).

The listing, its licences and its reviews stay in the database (hidden like a deactivated
NPI's listing): patients' reviews belong to the listing, and a colleague can claim it to list
it again."""

from __future__ import annotations

from directory.extensions import db
from directory.models import Listing, User
from directory.models.base import utcnow
from directory.services import ServiceError, accounts
from directory.services.moderation import record

UNLISTED_BY_OWNER = "Unlisted by its owner"


def unlist(owner: User, slug: str, password: str) -> Listing:
    """Hide the listing and release it from ``owner``; audited; commits (search follows
    through the change log, since a hidden listing leaves the index)."""
    listing = db.session.scalar(db.select(Listing).where(Listing.slug == slug))
    if listing is None or listing.owner_id != owner.id:
        raise ServiceError("You do not own that listing.")
    if not accounts.verify_password(owner, password):
        raise ServiceError("That is not your current password.", "password")
    listing.hidden_at = utcnow()
    listing.hidden_reason = UNLISTED_BY_OWNER
    listing.owner_id = None
    record(owner, "listing_unlisted", "listing", listing.id, UNLISTED_BY_OWNER)
    db.session.commit()
    return listing
