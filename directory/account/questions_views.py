"""Questions in the account area."""

from __future__ import annotations

from flask import render_template

from directory.account import bp
from directory.security import practitioner_required


@bp.route("/questions")
@practitioner_required
def questions() -> str:
    """Placeholder until the feature lands."""
    return render_template("account/index.html")
