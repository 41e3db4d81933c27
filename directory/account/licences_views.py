"""Licences in the account area: submit one with its document, follow its decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.account import bp
from directory.account.licence_forms import LicenceForm
from directory.limits import per_account
from directory.security import practitioner_required
from directory.services import ServiceError, credentials
from directory.view_helpers import document_response, show_service_error


@bp.route("/licences", methods=["GET", "POST"])
@per_account("LICENCE_RATE_LIMIT")
@practitioner_required
def licences() -> str | tuple[str, int] | Response:
    """The owner's licences with their status and decision notes, and the submit form."""
    listings = credentials.owner_listings(current_user)
    form = LicenceForm()
    form.listing.choices = [(listing.slug, listing.name) for listing in listings]
    if form.validate_on_submit():
        data = credentials.LicenceInput(
            listing=form.listing.data,
            type=form.type.data,
            number=form.number.data,
            authority=form.authority.data,
            jurisdiction=form.jurisdiction.data,
            expires_on=form.expires_on.data,
        )
        try:
            credentials.submit_licence(current_user, data, form.document.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                "Thank you. A moderator will check your licence with the issuing board.", "success"
            )
            return redirect(url_for("account.licences"))
    return render_template(
        "account/licences.html",
        form=form,
        listings=listings,
        licences=credentials.owner_licences(current_user),
    ), 400 if form.errors else 200


@bp.route("/licences/<int:licence_id>/document")
@practitioner_required
def licence_document(licence_id: int) -> Response:
    """The owner's own licence document; anyone else's is not found."""
    found = credentials.document_for(current_user, licence_id)
    if found is None or found[0].listing.owner_id != current_user.id:
        abort(404)
    licence, path = found
    return document_response(licence.id, licence.document_mime, path)
