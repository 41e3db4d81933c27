"""The moderation blueprint."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from directory.moderation import views  # noqa: E402,F401  (registers the routes on bp)
