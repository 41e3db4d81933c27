"""The moderator workspace."""

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

bp = Blueprint("moderation", __name__)


@bp.before_request
def require_two_factor():
    """Moderators and admins open no moderation page until two-factor is on: a stolen staff
    password alone must not reach the queues. Others meet the role guards as before."""
    if (
        current_user.is_authenticated
        and current_user.is_moderator
        and not current_user.two_factor_enabled
    ):
        flash(
            "Moderators and admins must turn on two-factor authentication before opening "
            "moderation pages. Set it up below; it takes a minute.",
            "warning",
        )
        return redirect(url_for("account.two_factor_setup"))
    return None


from directory.moderation import photos_views, proofs_views, views  # noqa: E402,F401
