"""The guides blueprint."""

from flask import Blueprint

bp = Blueprint("guides", __name__)

from directory.guides import views  # noqa: E402,F401  (registers the routes on bp)
