"""The home page."""

from __future__ import annotations

from flask import render_template

from directory.browse import bp


@bp.route("/")
def home() -> str:
    """The home page with its search box."""
    return render_template("browse/home.html")
