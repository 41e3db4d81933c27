"""Home page, search page, health check."""

from flask import Blueprint

bp = Blueprint("browse", __name__)

from directory.browse import home, support, views  # noqa: E402,F401
