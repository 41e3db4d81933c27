"""The "Due for re-check" queue: verified licences whose re-check date is near or past."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory import boards
from directory.models import Licence
from directory.moderation import bp
from directory.moderation.decision_forms import RecheckForm
from directory.security import moderator_required
from directory.services import ServiceError, licence_recheck, moderation_reads
from directory.view_helpers import show_service_error


def _render(failed: Licence | None = None, form: RecheckForm | None = None, status: int = 200):
    queue = licence_recheck.recheck_queue()
    return render_template(
        "moderation/recheck.html",
        queue=queue,
        boards_for={
            lic.id: boards.find_board(lic.authority, lic.jurisdiction, lic.type)
            for lic in queue.licences
        },
        failed_id=failed.id if failed is not None else None,
        failed_form=form,
        days_ahead=licence_recheck.RECHECK_QUEUE_DAYS,
    ), status


@bp.route("/recheck", endpoint="recheck_queue")
@moderator_required
def recheck_queue():
    """Verified licences by re-check date, earliest first, with the board lookup."""
    return _render()


@bp.route("/recheck/<int:licence_id>", methods=["POST"])
@moderator_required
def recheck(licence_id: int):
    """Re-verify a licence (new verification date) or let it lapse (status expired)."""
    licence = moderation_reads.licence(licence_id)
    if licence is None:
        abort(404)
    form = RecheckForm()
    if form.validate_on_submit():
        try:
            if form.decision.data == "reverify":
                licence_recheck.reverify(
                    current_user, licence.id, form.note.data or "", form.expires_on.data
                )
                message = f"Licence {licence.number} re-verified until {licence.recheck_due_on}."
            else:
                licence_recheck.let_lapse(current_user, licence.id, form.note.data or "")
                message = f"Licence {licence.number} has lapsed; the badge no longer counts it."
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(f"{message} The owner has been told.", "success")
            return redirect(url_for("moderation.recheck_queue"))
    return _render(licence, form, 400)
