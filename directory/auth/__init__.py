"""The auth blueprint."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from directory.auth import (  # noqa: E402,F401  (registers routes on bp)
    confirm_views,
    password_views,
    two_factor_views,
    views,
)
