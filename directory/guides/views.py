"""Patient-education guides: the index and each guide."""

from __future__ import annotations

from flask import abort, render_template, url_for

from directory import structured_data
from directory.guides import bp
from directory.guides.catalogue import get_guide, guides_by_topic, related_guides


@bp.route("/")
def index() -> str:
    """All guides, grouped by topic."""
    return render_template(
        "guides/index.html",
        topics=guides_by_topic(),
        canonical=structured_data.absolute(url_for("guides.index")),
    )


@bp.route("/<slug>")
def page(slug: str) -> str:
    """One guide; 404 for a slug that is not a guide."""
    guide = get_guide(slug)
    if guide is None:
        abort(404)
    path = url_for("guides.page", slug=guide.slug)
    crumbs = [("Home", url_for("browse.home")), ("Guides", url_for("guides.index"))]
    return render_template(
        "guides/page.html",
        guide=guide,
        related=related_guides(guide),
        canonical=structured_data.absolute(path),
        og_type="article",
        structured_data=[
            structured_data.guide(guide),
            structured_data.breadcrumbs([*crumbs, (guide.title, path)]),
        ],
    )
