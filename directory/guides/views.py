"""Patient-education guides."""

from __future__ import annotations

from flask import abort, render_template

from directory.guides import bp


@bp.route("/")
def index() -> str:
    """All guides."""
    return render_template("account/index.html")


@bp.route("/<slug>")
def page(slug: str) -> str:
    """One guide."""
    abort(404)
