"""Small helpers the review, question and account views share."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from directory.limits import per_user_key  # noqa: F401  (views import it from here)
from directory.models import Listing
from directory.services.confirmed_email import unconfirmed_message
from directory.services.visits import listing_by_slug


def listing_or_404(slug: str) -> Listing:
    """The listing with this slug or a 404 page."""
    listing = listing_by_slug(slug)
    if listing is None or listing.hidden:  # a hidden listing takes no reviews or questions
        abort(404)
    return listing


def unconfirmed_notice(action: str) -> str | None:
    """The explanation to show when the signed-in account has no confirmed email yet."""
    if current_user.is_authenticated and not current_user.is_confirmed:
        return unconfirmed_message(action)
    return None
