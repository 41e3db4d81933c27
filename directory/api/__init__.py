"""The public read-only JSON API (CONTRACT section 5): one module per resource."""

from flask import Blueprint

from directory.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only GET endpoints; no cookies-based state changes happen here

from directory.api import reviews_views, search_views, views  # noqa: E402,F401
