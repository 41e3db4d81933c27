"""Account overview and the notification inbox."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from directory.account import bp


@bp.route("/")
@login_required
def index() -> str:
    """Account overview."""
    return render_template("account/index.html")
