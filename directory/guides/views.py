"""Patient-education guides: the index and each guide."""

from __future__ import annotations

from flask import abort, render_template

from directory.guides import bp
from directory.guides.catalogue import get_guide, guides_by_topic, related_guides


@bp.route("/")
def index() -> str:
    """All guides, grouped by topic."""
    return render_template("guides/index.html", topics=guides_by_topic())


@bp.route("/<slug>")
def page(slug: str) -> str:
    """One guide; 404 for a slug that is not a guide."""
    guide = get_guide(slug)
    if guide is None:
        abort(404)
    return render_template("guides/page.html", guide=guide, related=related_guides(guide))
