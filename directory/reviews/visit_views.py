"""The three ways to a verified visit, patient side: redeem an invitation, request a booking,
send proof of a visit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import vocabulary
from directory.limits import per_account
from directory.reviews import bp
from directory.reviews.forms import ActionForm, BookingForm, ProofForm
from directory.reviews.helpers import listing_or_404, unconfirmed_notice
from directory.security import patient_required
from directory.services import ServiceError, bookings, proofs, visits
from directory.view_helpers import show_service_error


def _redeem_problem(invitation) -> tuple[str, int] | None:
    """The message and status when the current user cannot redeem ``invitation``."""
    try:
        visits.check_redeemable(current_user, invitation)
    except ServiceError as error:
        if invitation is None:
            return error.message, 404
        expired = visits.invitation_status(invitation) == "expired"
        return error.message, 410 if expired and invitation.redeemed_at is None else 403
    return None


@bp.route("/r/<token>", methods=["GET", "POST"])
def redeem(token: str) -> str | Response | tuple[str, int]:
    """Show an invitation to its patient and, on POST, turn it into a verified visit."""
    invitation = visits.invitation_by_token(token)
    if invitation is None:
        abort(404)
    if not current_user.is_authenticated:
        return render_template("reviews/redeem_login.html", invitation=invitation, token=token)
    problem = _redeem_problem(invitation)
    if problem:
        message, status = problem
        page = render_template(
            "reviews/redeem.html",
            invitation=invitation,
            problem=message,
            unconfirmed=message if message == unconfirmed_notice("redeem") else None,
        )
        return page, status
    form = ActionForm()
    if form.validate_on_submit():
        try:
            visit = visits.redeem_invitation(current_user, token)
        except ServiceError as error:
            return render_template(
                "reviews/redeem.html", invitation=invitation, problem=error.message
            ), 403
        flash("Your visit is verified. You can now write your review.", "success")
        # The review form opens on the visit just verified, not on an older unreviewed one.
        return redirect(url_for("reviews.write", slug=invitation.listing.slug, visit=visit.id))
    return render_template("reviews/redeem.html", invitation=invitation, form=form)


@bp.route("/practitioners/<slug>/book", methods=["GET", "POST"])
@per_account("BOOKING_RATE_LIMIT")
@patient_required
def book(slug: str) -> str | Response | tuple[str, int]:
    """Ask the practitioner for an appointment."""
    listing = listing_or_404(slug)
    form = BookingForm()
    order = list(vocabulary.TREATMENTS)
    offered = sorted(
        ((t.slug, t.name) for t in listing.treatments),
        key=lambda choice: order.index(choice[0]) if choice[0] in order else len(order),
    )
    # The patient chooses; no treatment is picked for them (it used to be "Chemical peel").
    form.treatment.choices = [("", "Choose a treatment"), *(offered or form.treatment.choices)]
    notice = unconfirmed_notice("booking")
    if notice and request.method == "POST":
        page = render_template("reviews/book.html", form=form, listing=listing, unconfirmed=notice)
        return page, 403
    if form.validate_on_submit():
        try:
            bookings.request_booking(
                current_user,
                listing,
                form.treatment.data,
                form.preferred_dates.data,
                form.message.data,
                requested_time=form.requested_time,
                contact=bookings.ContactChoice(
                    form.share_email.data, form.share_phone.data, form.phone.data or ""
                ),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                "Your request is sent. You will hear back in your inbox when the practitioner "
                "answers.",
                "success",
            )
            return redirect(url_for("account.index"))
    page = render_template("reviews/book.html", form=form, listing=listing, unconfirmed=notice)
    return page, (400 if form.errors or form.form_errors else 200)


@bp.route("/practitioners/<slug>/proof", methods=["GET", "POST"])
@per_account("PROOF_RATE_LIMIT")
@patient_required
def proof(slug: str) -> str | Response | tuple[str, int]:
    """Send a receipt to the moderators when the practitioner will not confirm the visit."""
    listing = listing_or_404(slug)
    form = ProofForm()
    notice = unconfirmed_notice("proof")
    if notice and request.method == "POST":  # refused before the upload is read or stored
        page = render_template("reviews/proof.html", form=form, listing=listing, unconfirmed=notice)
        return page, 403
    if form.validate_on_submit():
        try:
            proofs.submit_proof(
                current_user,
                listing,
                form.treatment.data,
                form.visited_on.data,
                request.files.get("document"),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                "Thank you. A moderator will check your proof, usually within two working days. "
                "We will tell you in your inbox.",
                "success",
            )
            return redirect(url_for("account.index"))
    page = render_template("reviews/proof.html", form=form, listing=listing, unconfirmed=notice)
    return page, (400 if form.errors or form.form_errors else 200)
