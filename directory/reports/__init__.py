"""Reporting content to moderators (any logged-in user)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from directory.reports import views  # noqa: E402,F401
