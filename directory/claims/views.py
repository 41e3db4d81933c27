"""``/practitioners/<slug>/claim`` and ``/claims/confirm/<token>``."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.claims import bp
from directory.claims.forms import ClaimForm, ConfirmForm
from directory.extensions import limiter
from directory.reviews.helpers import per_user_key
from directory.security import practitioner_required
from directory.services import ServiceError, claims, listings
from directory.view_helpers import show_service_error


@bp.route("/practitioners/<slug>/claim", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["CLAIM_RATE_LIMIT"], key_func=per_user_key, methods=["POST"]
)
@practitioner_required
def claim(slug: str) -> str | tuple[str, int] | Response:
    """The claim form (a dispute when the listing already has an owner)."""
    listing = listings.get_by_slug(slug)
    if listing is None or listing.hidden:
        abort(404)
    if listing.owner_id == current_user.id:
        flash("You already manage this listing.", "info")
        return redirect(listing.url)
    form = ClaimForm()
    if form.validate_on_submit():
        data = claims.ClaimInput(
            npi=form.npi.data or "",
            licence_number=form.licence_number.data or "",
            email=form.email.data or "",
            message=form.message.data or "",
        )
        try:
            claims.submit_claim(current_user, listing, data, form.document.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            extra = " We sent a confirmation link to the practice email." if data.email else ""
            flash(
                "Thank you. A moderator will check your claim, usually within two working "
                f"days; follow it under Your claims.{extra}",
                "success",
            )
            return redirect(url_for("account.claims"))
    return render_template(
        "claims/form.html",
        form=form,
        listing=listing,
        npi=claims.npi_of(listing),
        domain=claims.practice_domain(listing),
        dispute=listing.owner_id is not None,
    ), 400 if form.errors else 200


@bp.route("/claims/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> str | tuple[str, int] | Response:
    """Confirm a claim's practice email: a page with a button, then the confirmation."""
    found = claims.claim_for_token(token)
    if found is None:
        return render_template("claims/confirm.html", claim=None, form=None), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            claims.confirm_email(token)
        except ServiceError:
            return render_template("claims/confirm.html", claim=None, form=None), 400
        flash("Thank you. The practice email is confirmed.", "success")
        return render_template("claims/confirm.html", claim=found, form=None, done=True)
    return render_template("claims/confirm.html", claim=found, form=form)
