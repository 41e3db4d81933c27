"""The report queue: keep or remove reported content, with a sentiment-neutral reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.models.moderation import REPORT_STATUSES
from directory.moderation import bp
from directory.moderation.decision_forms import ReportDecisionForm
from directory.security import moderator_required
from directory.services import ServiceError, moderation, moderation_reads, reports
from directory.view_helpers import show_service_error


@bp.route("/reports")
@moderator_required
def reports_queue() -> str:
    """Open reports oldest first; decided ones on their own tabs."""
    status = request.args.get("status", "open")
    if status not in REPORT_STATUSES:
        status = "open"
    return render_template(
        "moderation/reports.html",
        items=reports.report_queue(status),
        status=status,
        reason_label=moderation.reason_label,
    )


@bp.route("/reports/<int:report_id>", methods=["GET", "POST"])
@moderator_required
def report(report_id: int):
    """One report with the reported content in full and the decision form."""
    item = moderation_reads.report(report_id)
    if item is None:
        abort(404)
    form = ReportDecisionForm()
    if item.status == "open" and form.validate_on_submit():
        try:
            moderation.decide_report(
                current_user, item.id, form.decision.data, form.reason.data, form.note.data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            done = "removed" if form.decision.data == "remove" else "kept"
            flash(f"Done: the content is {done} and the reporters have been told.", "success")
            return redirect(url_for("moderation.reports_queue"))
    target = reports.resolve_target(item.target_type, item.target_id)
    others = [r for r in reports.reports_on(item.target_type, item.target_id) if r.id != item.id]
    return render_template(
        "moderation/report.html",
        item=item,
        target=target,
        others=others,
        form=form,
        reason_label=moderation.reason_label,
    ), 400 if form.errors else 200
