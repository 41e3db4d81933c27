"""Moderators approve or reject patients' before/after photos (``/moderation/photos``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.moderation import bp
from directory.photos.forms import PhotoDecisionForm
from directory.security import moderator_required
from directory.services import ServiceError, photo_moderation


@bp.route("/photos")
@moderator_required
def photos_queue() -> str:
    """Review photos waiting, oldest first, and recent decisions."""
    return render_template(
        "moderation/photos.html",
        pending=photo_moderation.pending_photos(),
        decided=photo_moderation.recent_decisions(),
        form=PhotoDecisionForm(formdata=None),
    )


@bp.route("/photos/<int:photo_id>", methods=["POST"])
@moderator_required
def decide_photo(photo_id: int) -> Response:
    """Approve or reject one review photo."""
    form = PhotoDecisionForm()
    if not form.validate_on_submit():
        flash("Choose approve or reject.", "danger")
        return redirect(url_for("moderation.photos_queue"))
    try:
        photo = photo_moderation.decide(current_user, photo_id, form.decision.data, form.note.data)
    except ServiceError as error:
        flash(error.message, "danger")
    else:
        flash(f"Photo {photo.id} {photo.status}. The patient has been told.", "success")
    return redirect(url_for("moderation.photos_queue"))
