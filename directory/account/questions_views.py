"""A practitioner's inbox of work: questions to answer and reviews to reply to.

The reply screen shows each review's rating and text only, never who wrote it or when they
visited, so a reply cannot leak what the screen does not show.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.account import bp
from directory.limits import per_account
from directory.questions.forms import AnswerForm
from directory.reviews.forms import ReplyForm
from directory.security import practitioner_required
from directory.services import ServiceError, replies, review_pages, visits
from directory.services import questions as question_service
from directory.view_helpers import show_service_error

MAX_PAGE = 10_000  # a larger page number would overflow the database's OFFSET


@bp.route("/questions")
@practitioner_required
def questions() -> str:
    """Questions to the practitioner's listings: unanswered first."""
    return _questions_page()


def _questions_page(failed_id: int | None = None, failed_form=None) -> str:
    return render_template(
        "account/questions.html",
        questions=question_service.owner_questions(current_user),
        topics=question_service.TOPICS,
        failed_id=failed_id,
        failed_form=failed_form,
        blank_form=AnswerForm(formdata=None),
    )


@bp.route("/questions/<int:question_id>/answer", methods=["POST"])
@per_account("ANSWER_RATE_LIMIT")
@practitioner_required
def answer(question_id: int) -> str | Response | tuple[str, int]:
    """Answer, or edit the answer to, one question."""
    if question_service.owned_question(current_user, question_id) is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            question_service.answer_question(current_user, question_id, form.body.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Your answer is saved and the patient has been told.", "success")
            return redirect(url_for("account.questions") + f"#question-{question_id}")
    return _questions_page(question_id, form), 400


@bp.route("/reviews")
@practitioner_required
def reviews() -> str:
    """Reviews of the practitioner's listings, each with its reply form."""
    return _reviews_page()


def _reviews_page(failed_id: int | None = None, failed_form=None) -> str:
    page = min(max(1, request.args.get("page", 1, type=int) or 1), MAX_PAGE)
    listings = {listing.id: listing for listing in visits.owned_listings(current_user)}
    return render_template(
        "account/reviews.html",
        review_page=review_pages.owner_reviews(current_user, page=page),
        listings=listings,
        failed_id=failed_id,
        failed_form=failed_form,
        explanation=f"{replies.EXPLANATION} {replies.HELD_NOTE}",
        suggestion=replies.SUGGESTION,
    )


@bp.route("/reviews/<int:review_id>/reply", methods=["POST"])
@practitioner_required
def reply(review_id: int) -> str | Response | tuple[str, int]:
    """Post or edit the one public reply; screening may hold it for a moderator."""
    if replies.owned_review(current_user, review_id) is None:
        abort(404)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            saved = replies.save_reply(current_user, review_id, form.body.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            if saved.status == "held":
                flash(
                    "Your reply is held for a moderator: it may disclose patient details. "
                    + saved.held_reason,
                    "warning",
                )
            else:
                flash("Your reply is published.", "success")
            return redirect(url_for("account.reviews") + f"#review-{review_id}")
    return _reviews_page(review_id, form), 400
