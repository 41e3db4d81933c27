"""The api blueprint."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from directory.api import views  # noqa: E402,F401  (registers the routes on bp)
