"""The browse blueprint."""

from flask import Blueprint

bp = Blueprint("browse", __name__)

from directory.browse import views  # noqa: E402,F401  (registers the routes on bp)
