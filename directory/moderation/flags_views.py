"""The "Worth a look" queue: reviews with trust-signal flags; keep them or remove them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.extensions import db
from directory.models import Review
from directory.moderation import bp
from directory.moderation.decision_forms import FlagDecisionForm
from directory.security import moderator_required
from directory.services import ServiceError, flag_queue
from directory.view_helpers import show_service_error


def _render(failed_id: int | None = None, form: FlagDecisionForm | None = None, status: int = 200):
    return render_template(
        "moderation/flags.html",
        queue=flag_queue.open_queue(),
        failed_id=failed_id,
        failed_form=form,
        blank_form=FlagDecisionForm(),
    ), status


@bp.route("/flags", endpoint="flags_queue")
@moderator_required
def flags_queue():
    """Reviews with open flags, longest-waiting first, each with its reasons and details."""
    return _render()


@bp.route("/flags/<int:review_id>", methods=["POST"])
@moderator_required
def decide_flags(review_id: int):
    """Keep the review (flags closed as kept) or remove it (flags closed as removed)."""
    if db.session.get(Review, review_id) is None:
        abort(404)
    form = FlagDecisionForm()
    if form.validate_on_submit():
        try:
            flag_queue.decide(
                current_user, review_id, form.decision.data, form.reason.data, form.note.data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            done = "removed" if form.decision.data == "remove" else "kept"
            flash(f"Review {review_id} {done}; its flags are closed.", "success")
            return redirect(url_for("moderation.flags_queue"))
    return _render(review_id, form, 400)
