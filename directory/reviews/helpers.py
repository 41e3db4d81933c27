"""Small helpers the review, question and account views share."""

from __future__ import annotations

from flask import abort
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm

from directory.extensions import db
from directory.models import Listing
from directory.services import ServiceError, notifications
from directory.services.visits import listing_by_slug


def per_user_key() -> str:
    """Rate-limit key: the account when logged in, else the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


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
