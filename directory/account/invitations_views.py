"""Review invitations: a practitioner invites every treated patient to review one treatment."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from directory.account import bp
from directory.mail import mail_configured
from directory.reviews.forms import InvitationForm
from directory.reviews.helpers import show_error
from directory.security import practitioner_required
from directory.services import ServiceError, visits


@bp.route("/invitations", methods=["GET", "POST"])
@practitioner_required
def invitations() -> str | tuple[str, int]:
    """Issue an invitation (the response shows its single-use link) and list earlier ones."""
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
            show_error(form, error, "email")
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
    ), 400 if form.errors else 200
