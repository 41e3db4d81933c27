"""Review invitations: a practitioner invites every treated patient to review one treatment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.account import bp
from directory.limits import per_account
from directory.mail import mail_configured
from directory.reviews.forms import ActionForm, InvitationForm
from directory.security import practitioner_required
from directory.services import ServiceError, visits
from directory.view_helpers import show_service_error


@bp.route("/invitations", methods=["GET", "POST"])
@per_account("INVITATION_RATE_LIMIT")
@practitioner_required
def invitations() -> str | tuple[str, int]:
    """Issue an invitation and list earlier ones. With mail configured the link goes to the
    patient by email only; without mail (local use) the page shows it to pass on."""
    listings = visits.owned_listings(current_user)
    form = InvitationForm()
    form.listing.choices = [(listing.slug, listing.name) for listing in listings]
    created = None
    if form.validate_on_submit():
        try:
            created = visits.create_invitation(
                current_user,
                visits.listing_by_slug(form.listing.data),
                form.email.data,
                form.treated_on.data,
                form.treatment.data,
            )
        except ServiceError as error:
            show_service_error(form, error, "email")
        else:
            form = InvitationForm(formdata=None, listing=form.listing.data)
            form.listing.choices = [(listing.slug, listing.name) for listing in listings]
    return render_template(
        "account/invitations.html",
        form=form,
        listings=listings,
        created=created,
        invitations=visits.owner_invitations(current_user),
        status_of=visits.invitation_status,
        mail_on=mail_configured(),
        mask=visits.mask_email,
        action_form=ActionForm(),
    ), 400 if form.errors else 200


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@per_account("INVITATION_RATE_LIMIT")
@practitioner_required
def resend_invitation(invitation_id: int) -> Response:
    """Email an open invitation again (mail configured only: the link is never shown then)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        invitation = visits.resend_invitation(current_user, invitation_id)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash(f"Invitation sent again to {visits.mask_email(invitation.email)}.", "success")
    return redirect(url_for("account.invitations"))
