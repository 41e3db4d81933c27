"""Moderator workspace."""

from __future__ import annotations

from flask import render_template

from directory.moderation import bp
from directory.security import moderator_required


@bp.route("/credentials")
@moderator_required
def credentials() -> str:
    """Credential queue."""
    return render_template("account/index.html")
