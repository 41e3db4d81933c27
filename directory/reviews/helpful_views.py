""" "Helpful" votes: ``POST /reviews/<id>/helpful`` from the button under a review."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.extensions import db
from directory.limits import per_account
from directory.models import Listing, Review
from directory.reviews import bp
from directory.reviews.forms import HelpfulVoteForm
from directory.services import ServiceError, helpful_votes

# Query arguments of the profile page the vote's form carries back, so the reader returns to
# the same filtered, sorted page. Anything else is dropped: no open redirect through here.
KEPT_ARGS = ("sort", "page", "treatment", "concern", "skin_type")


def _back_to(review_id: int) -> str:
    """The profile page the vote came from, at that review."""
    review = db.session.get(Review, review_id)
    listing = db.session.get(Listing, review.listing_id) if review is not None else None
    if listing is None:
        abort(404)
    args: dict[str, Any] = {}
    for key in KEPT_ARGS:
        value = request.form.get(key, "").strip()
        if value:
            args[key] = value[:40]
    return url_for("listings.profile", slug=listing.slug, **args) + f"#review-{review_id}"


@bp.route("/reviews/<int:review_id>/helpful", methods=["POST"])
@per_account("HELPFUL_VOTE_RATE_LIMIT")
@login_required
def helpful(review_id: int) -> Response:
    """Mark a review helpful (``vote=yes``, the default) or take the mark back (``vote=no``).
    Repeating the same POST changes nothing."""
    form = HelpfulVoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        helpful_votes.set_vote(current_user, review_id, form.vote.data != "no")
    except ServiceError as error:
        if db.session.get(Review, review_id) is None:
            abort(404)
        # Back to the page with the reason: the button is not shown in these cases, so a
        # reader only gets here through an old page or a hand-made request.
        flash(error.message, "warning")
        return redirect(_back_to(review_id), 303)
    if form.vote.data == "no":
        flash("Your helpful vote is taken back.", "info")
    else:
        flash("Thank you. Your vote helps other patients find useful reviews.", "success")
    return redirect(_back_to(review_id), 303)


@bp.route("/reviews/<int:review_id>/helpful", methods=["GET"])
def helpful_page(review_id: int) -> Response:
    """Where logging in after an anonymous vote lands (the login's ``next``): back to the
    review on its profile, where the signed-in reader can now press the button."""
    return redirect(_back_to(review_id), 303)
