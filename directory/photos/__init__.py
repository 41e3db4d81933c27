"""Serving stored photos, and the forms every photo page shares."""

from flask import Blueprint

bp = Blueprint("photos", __name__)

from directory.photos import views  # noqa: E402,F401  (register the routes on bp)
