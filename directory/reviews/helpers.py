"""Small helpers the review, question and account views share."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm

from directory.extensions import db
from directory.limits import per_user_key  # noqa: F401  (views import it from here)
from directory.models import Listing
from directory.services import ServiceError, notifications
from directory.services.confirmed_email import unconfirmed_message
from directory.services.visits import listing_by_slug


def listing_or_404(slug: str) -> Listing:
    """The listing with this slug or a 404 page."""
    listing = listing_by_slug(slug)
    if listing is None or listing.hidden:  # a hidden listing takes no reviews or questions
        abort(404)
    return listing


def show_error(form: FlaskForm, error: ServiceError, default_field: str | None = None) -> None:
    """Undo the failed transaction and show the message beside its field (or the form top)."""
    db.session.rollback()
    notifications.discard_queued()
    name = error.field or default_field
    target = getattr(form, name, None) if name else None
    if target is not None and hasattr(target, "errors"):
        if not isinstance(target.errors, list):
            target.errors = list(target.errors)
        target.errors.append(error.message)
    else:
        form.form_errors.append(error.message)


def unconfirmed_notice(action: str) -> str | None:
    """The explanation to show when the signed-in account has no confirmed email yet."""
    if current_user.is_authenticated and not current_user.is_confirmed:
        return unconfirmed_message(action)
    return None
