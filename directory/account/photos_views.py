"""A listing's photos in the account area: headshot, clinic photos (describe, order, delete),
and deleting any photo the signed-in account manages (a patient's review photos too)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.account import bp
from directory.limits import per_account
from directory.models import Listing
from directory.photos.forms import AltTextForm, ClinicPhotoForm, HeadshotForm
from directory.reviews.forms import ActionForm
from directory.security import practitioner_required
from directory.services import ServiceError, listings, photos
from directory.view_helpers import show_service_error


def _owned_or_403(slug: str) -> Listing:
    """The listing if the signed-in practitioner owns it; 404 if there is none, else 403."""
    listing = listings.get_by_slug(slug)
    if listing is None:
        abort(404)
    if not listings.is_owner(listing, current_user):
        abort(403)
    return listing


def _page(
    listing: Listing,
    clinic_form: ClinicPhotoForm | None = None,
    headshot_form: HeadshotForm | None = None,
) -> str | tuple[str, int]:
    clinic_form = clinic_form or ClinicPhotoForm(formdata=None)
    headshot_form = headshot_form or HeadshotForm(formdata=None)
    headshot, clinic = photos.listing_photos(listing)
    page = render_template(
        "account/photos.html",
        listing=listing,
        headshot=headshot,
        clinic=clinic,
        clinic_form=clinic_form,
        headshot_form=headshot_form,
        alt_form=AltTextForm(formdata=None),
        action_form=ActionForm(formdata=None),
    )
    failed = clinic_form.errors or headshot_form.errors
    return (page, 400) if failed else page


def _back(listing: Listing) -> Response:
    return redirect(url_for("account.listing_photos", slug=listing.slug))


@bp.route("/listings/<slug>/photos")
@practitioner_required
def listing_photos(slug: str) -> str | tuple[str, int]:
    """The owner's photo manager for one listing."""
    return _page(_owned_or_403(slug))


@bp.route("/listings/<slug>/photos", methods=["POST"])
@per_account("PHOTO_RATE_LIMIT")
@practitioner_required
def add_clinic_photo(slug: str) -> str | Response | tuple[str, int]:
    """Upload one clinic photo with its description."""
    return _upload(
        slug,
        ClinicPhotoForm(),
        photos.add_clinic_photo,
        "Photo added. It shows in the Photos section of your profile.",
        "clinic_form",
    )


@bp.route("/listings/<slug>/headshot", methods=["POST"])
@per_account("PHOTO_RATE_LIMIT")
@practitioner_required
def replace_headshot(slug: str) -> str | Response | tuple[str, int]:
    """Upload a headshot; it replaces the one before."""
    return _upload(
        slug,
        HeadshotForm(),
        photos.replace_headshot,
        "Headshot saved. It shows on your profile and in search results.",
        "headshot_form",
    )


def _upload(slug: str, form, save, done: str, form_name: str) -> str | Response | tuple[str, int]:
    """Save an uploaded listing photo with ``save``; a refusal re-renders the page with the
    form's message beside its field."""
    listing = _owned_or_403(slug)
    if form.validate_on_submit():
        try:
            save(current_user, listing, form.photo.data, form.alt_text.data)
        except ServiceError as error:
            show_service_error(form, error, "photo")
        else:
            flash(done, "success")
            return _back(listing)
    return _page(listing, **{form_name: form})


def _photo_action(action, done: str = "") -> Response:
    """Run ``action`` (a service call returning the photo), flash ``done`` and go back to
    where the photo is managed; an unknown or foreign photo is a 404."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        place = action()
    except ServiceError as error:
        if error.field:  # a rule about the value sent (e.g. an empty description)
            flash(error.message, "danger")
            return redirect(request.referrer or url_for("account.index"))
        abort(404)
    if done:
        flash(done, "success")
    if place.kind == "review":
        return redirect(url_for("reviews.review_photos", review_id=place.review_id))
    return redirect(url_for("account.listing_photos", slug=place.listing_slug))


@bp.route("/photos/<int:photo_id>/alt", methods=["POST"])
@per_account("PHOTO_EDIT_RATE_LIMIT")
@practitioner_required
def photo_alt(photo_id: int) -> Response:
    """Change a listing photo's description."""
    text = request.form.get("alt_text", "")
    return _photo_action(
        lambda: photos.update_alt(current_user, photo_id, text), "Description saved."
    )


@bp.route("/photos/<int:photo_id>/move", methods=["POST"])
@per_account("PHOTO_EDIT_RATE_LIMIT")
@practitioner_required
def photo_move(photo_id: int) -> Response:
    """Move a clinic photo one place up or down."""
    direction = request.form.get("direction", "")
    return _photo_action(lambda: photos.move(current_user, photo_id, direction))


@bp.route("/photos/<int:photo_id>/delete", methods=["POST"])
@per_account("PHOTO_EDIT_RATE_LIMIT")
@login_required
def photo_delete(photo_id: int) -> Response:
    """Delete a photo of one's listing or of one's own review, files and all."""
    return _photo_action(lambda: photos.delete_photo(current_user, photo_id), "Photo deleted.")
