"""A practitioner's listings in the account area: the list, adding one, editing one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory import facts, vocabulary
from directory.account import bp
from directory.listings.forms import ListingForm, form_data
from directory.security import practitioner_required
from directory.services import ServiceError, listings
from directory.view_helpers import show_service_error


@bp.route("/listings", endpoint="listings")
@practitioner_required
def listings_index() -> str:
    """The practitioner's listings with their verification, rating and links."""
    owned = listings.owned_by(current_user)
    return render_template(
        "account/listings.html",
        listings=owned,
        verification={item.id: listings.verification_summary(item) for item in owned},
    )


@bp.route("/listings/new", methods=["GET", "POST"])
@practitioner_required
def new_listing() -> str | Response | tuple[str, int]:
    """Publish a new listing owned by the signed-in practitioner."""
    form = ListingForm()
    if form.validate_on_submit():
        try:
            listing = listings.create_listing(current_user, form.listing_data())
        except ServiceError as error:
            show_service_error(form, error, "name")
        else:
            flash(
                f"{listing.name} is now listed. Submit a licence to earn the verified badge.",
                "success",
            )
            return redirect(url_for("account.listings"))
    return _render_form(form, listing=None)


@bp.route("/listings/<slug>/edit", methods=["GET", "POST"])
@practitioner_required
def edit_listing(slug: str) -> str | Response | tuple[str, int]:
    """Edit a listing the practitioner owns; anyone else's is a 404."""
    listing = listings.get_owned(slug, current_user)
    if listing is None:
        abort(404)
    form = ListingForm(data=form_data(listing))
    if form.validate_on_submit():
        try:
            listings.update_listing(listing, form.listing_data())
        except ServiceError as error:
            show_service_error(form, error, "name")
        else:
            flash("Your changes are saved. This is how patients see your listing.", "success")
            return redirect(url_for("listings.profile", slug=listing.slug))
    return _render_form(form, listing=listing)


def _render_form(form: ListingForm, listing) -> str | tuple[str, int]:
    page = render_template(
        "account/listing_form.html", form=form, listing=listing, days=facts.DAYS,
        treatment_labels=vocabulary.TREATMENTS,
    )  # fmt: skip
    return (page, 400) if form.errors else page
