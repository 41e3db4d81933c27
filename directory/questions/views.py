"""Asking a listing a pre-booking question (answers are given from the account area)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.extensions import limiter
from directory.questions import bp
from directory.questions.forms import QuestionForm
from directory.reviews.helpers import listing_or_404, per_user_key
from directory.security import patient_required
from directory.services import ServiceError
from directory.services import questions as question_service
from directory.view_helpers import show_service_error


@bp.route("/practitioners/<slug>/questions", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["QUESTION_RATE_LIMIT"], key_func=per_user_key, methods=["POST"]
)
@patient_required
def ask(slug: str) -> str | Response | tuple[str, int]:
    """The ask form, offering the questions the guides recommend."""
    listing = listing_or_404(slug)
    if listing.owner_id == current_user.id:
        abort(403)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question_service.ask_question(
                current_user, listing, form.topic.data, form.body.data, form.public.data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                "Your question is sent. We will tell you in your inbox when it is answered.",
                "success",
            )
            return redirect(listing.url)
    return render_template(
        "questions/ask.html", form=form, listing=listing, topics=question_service.TOPICS
    ), 400 if form.errors else 200
