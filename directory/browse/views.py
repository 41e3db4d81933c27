"""Search page and the health check."""

from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text

from directory.browse import bp
from directory.extensions import db


@bp.route("/search")
def search_page() -> str:
    """Search results (filled in by the search issue)."""
    return render_template("browse/home.html")


@bp.route("/healthz")
def healthz():
    """Liveness and readiness: database reachable, search index state."""
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok", "db": "ok", "search": {"documents": 0, "pending": 0}})
