"""GET /api/v1/practitioners/<slug>."""

from __future__ import annotations

from flask import Response, jsonify

from directory.api import bp, serialise
from directory.errors import ApiError
from directory.services import listings, reviews


@bp.route("/v1/practitioners/<slug>")
def practitioner(slug: str) -> Response:
    """One listing with its licences, devices and review aggregates (CONTRACT section 5)."""
    listing = listings.get_by_slug(slug)
    if listing is None:
        raise ApiError(404, "not_found", f"No practitioner has the slug '{slug}'.")
    if listing.hidden:
        raise ApiError(404, "unavailable", f"The listing '{slug}' is no longer available.")
    return jsonify(serialise.detail(listing, reviews.listing_aggregates(listing)))
