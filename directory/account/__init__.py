"""The signed-in account area: one module per feature."""

from flask import Blueprint

bp = Blueprint("account", __name__)

# Each module registers its routes on bp.
from directory.account import (  # noqa: E402,F401
    bookings_views,
    claims_views,
    invitations_views,
    licences_views,
    listings_views,
    photos_views,
    privacy_views,
    questions_views,
    security_views,
    settings_views,
    views,
)
