"""Admins: email the outbox parked after every retry failed, and putting it back in the queue."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.moderation import bp
from directory.moderation.decision_forms import EmptyForm
from directory.security import admin_required
from directory.services import ServiceError, outbox, outbox_admin


@bp.route("/outbox")
@admin_required
def outbox_page() -> str:
    """Parked (failed) emails with their last error, and the outbox's depth."""
    return render_template(
        "moderation/outbox.html",
        messages=outbox_admin.failed_messages(),
        figures=outbox.stats(),
        form=EmptyForm(),
    )


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@admin_required
def outbox_retry(message_id: int) -> Response:
    """Queue a parked email again (audited); the mail worker sends it on its next pass."""
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            outbox_admin.retry(current_user, message_id)
        except ServiceError as error:
            flash(error.message, "danger")
        else:
            flash("The email is queued again.", "success")
    else:
        flash("The form expired; please try again.", "warning")
    return redirect(url_for("moderation.outbox_page"))
