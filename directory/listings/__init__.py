"""The listings blueprint."""

from flask import Blueprint

bp = Blueprint("listings", __name__)

from directory.listings import views  # noqa: E402,F401  (registers the routes on bp)
