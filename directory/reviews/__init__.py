"""The reviews blueprint: reviews, and the patient's side of verified visits."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from directory.reviews import (  # noqa: E402,F401  (register the routes on bp)
    helpful_views,
    photo_views,
    views,
    visit_views,
)
