"""The reviews blueprint: reviews, and the patient's side of verified visits."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from directory.reviews import helpful_views, views, visit_views  # noqa: E402,F401  (register the routes on bp)
