"""``/how-ratings-work``: the public explanation of ratings, ranking, verification and
moderation, linked from every rating and from the search sort control."""

from __future__ import annotations

from flask import render_template

from directory.browse import bp
from directory.services.ranking_facts import ranking_facts


@bp.route("/how-ratings-work")
def how_ratings_work() -> str:
    """The page, with the ranking constants read from the code that ranks."""
    return render_template("browse/how_ratings_work.html", facts=ranking_facts())
