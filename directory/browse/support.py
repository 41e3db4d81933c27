"""``/support``: how to reach the people who run Needlewise."""

from __future__ import annotations

from flask import current_app, render_template

from directory.browse import bp


@bp.route("/support")
def support() -> str:
    """The contact address (``SUPPORT_EMAIL``) and what to put in a message."""
    return render_template("browse/support.html", address=current_app.config["SUPPORT_EMAIL"])
