"""The reviews blueprint."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from directory.reviews import views  # noqa: E402,F401  (registers the routes on bp)
