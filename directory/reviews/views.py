"""Writing, editing and withdrawing reviews."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import vocabulary
from directory.dates import nice_date
from directory.extensions import limiter
from directory.reviews import bp
from directory.reviews.forms import ActionForm, ReviewForm
from directory.reviews.helpers import (
    listing_or_404,
    per_user_key,
    unconfirmed_notice,
)
from directory.security import patient_required
from directory.services import ServiceError
from directory.services import reviews as review_service
from directory.services.visits import VERIFICATION_LABELS, unreviewed_visits
from directory.view_helpers import show_service_error


def _visit_choices(visits) -> list[tuple[int, str]]:
    return [(v.id, f"{vocabulary.label(v.treatment)} on {nice_date(v.visited_on)}") for v in visits]


@bp.route("/practitioners/<slug>/review", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["REVIEW_RATE_LIMIT"], key_func=per_user_key, methods=["POST"]
)
@patient_required
def write(slug: str) -> str | Response | tuple[str, int]:
    """The review form for a patient with a verified, not yet reviewed visit."""
    listing = listing_or_404(slug)
    if listing.owner_id == current_user.id:
        abort(403)
    visits = unreviewed_visits(current_user, listing)
    if not visits:
        status = 403 if request.method == "POST" else 200
        return render_template("reviews/no_visit.html", listing=listing), status
    form = ReviewForm()
    form.visit.choices = _visit_choices(visits)
    wanted = request.args.get("visit", type=int)
    if request.method == "GET" and wanted in {v.id for v in visits}:
        form.visit.data = wanted  # arriving from the invitation just redeemed
        visits = sorted(visits, key=lambda v: v.id != wanted)
    notice = unconfirmed_notice("review")
    if notice and request.method == "POST":  # refused, but what they typed stays in the form
        return render_template(
            "reviews/form.html",
            form=form,
            listing=listing,
            visits=visits,
            labels=VERIFICATION_LABELS,
            unconfirmed=notice,
        ), 403
    if form.validate_on_submit():
        data = review_service.ReviewInput.from_mapping(form.data)
        try:
            review = review_service.create_review(current_user, listing, data, form.visit.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Thank you. Your review is published.", "success")
            return redirect(f"{listing.url}#review-{review.id}")
    return render_template(
        "reviews/form.html",
        form=form,
        listing=listing,
        visits=visits,
        labels=VERIFICATION_LABELS,
        unconfirmed=notice,
    ), 400 if form.errors else 200


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["REVIEW_RATE_LIMIT"], key_func=per_user_key, methods=["POST"]
)
@patient_required
def edit(review_id: int) -> str | Response | tuple[str, int]:
    """Edit one's own published review; the earlier version is kept."""
    review = review_service.own_review(current_user, review_id)
    if review is None:
        abort(404)
    form = ReviewForm(obj=None if request.method == "POST" else review)
    if request.method == "GET":
        form.concerns.data = review.concern_list
        form.side_effects.data = review.side_effect_list
    form.visit.choices = []
    if form.validate_on_submit():
        data = review_service.ReviewInput.from_mapping(form.data)
        try:
            review_service.edit_review(current_user, review_id, data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Your review is updated. It now shows as edited.", "success")
            return redirect(f"{review.visit.listing.url}#review-{review.id}")
    return render_template(
        "reviews/edit.html", form=form, review=review, withdraw_form=ActionForm()
    ), 400 if form.errors else 200


@bp.route("/reviews/<int:review_id>/withdraw", methods=["POST"])
@patient_required
def withdraw(review_id: int) -> Response:
    """Withdraw one's own review; it stops counting and showing."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review_service.withdraw_review(current_user, review_id)
    except ServiceError:
        abort(404)
    flash("Your review is withdrawn. It no longer appears or counts.", "info")
    return redirect("/account/")
