"""The questions blueprint."""

from flask import Blueprint

bp = Blueprint("questions", __name__)

from directory.questions import views  # noqa: E402,F401  (registers the routes on bp)
