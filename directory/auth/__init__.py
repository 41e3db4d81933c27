"""The auth blueprint."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from directory.auth import two_factor_views, views  # noqa: E402,F401  (registers routes on bp)
