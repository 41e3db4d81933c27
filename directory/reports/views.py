"""Reporting content to moderators (any logged-in user)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from directory.limits import per_account
from directory.models import REPORT_REASONS
from directory.reports import bp
from directory.reports.forms import ReportForm
from directory.services import ServiceError, reports
from directory.view_helpers import show_service_error


@bp.route("/new/<target_type>/<int:target_id>", methods=["GET", "POST"])
@per_account("REPORT_RATE_LIMIT")
@login_required
def new(target_type: str, target_id: int) -> str | tuple[str, int] | Response:
    """The report form for one piece of content the user can see."""
    target = reports.reportable_target(current_user, target_type, target_id)
    if target is None:
        abort(404)
    existing = reports.open_report_by(current_user, target_type, target_id)
    if existing is not None:
        return redirect(url_for("reports.sent", report_id=existing.id))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report = reports.create_report(
                current_user, target_type, target_id, form.reason.data, form.note.data
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            return redirect(url_for("reports.sent", report_id=report.id))
    own = target.author is not None and target.author.id == current_user.id
    return render_template("reports/new.html", form=form, target=target, own=own), (
        400 if form.errors else 200
    )


@bp.route("/<int:report_id>")
@login_required
def sent(report_id: int) -> str:
    """Confirmation for the reporter, with the report's current state."""
    report = reports.own_report(current_user, report_id)
    if report is None:
        abort(404)
    target = reports.resolve_target(report.target_type, report.target_id)
    return render_template(
        "reports/sent.html",
        report=report,
        target=target,
        reason=REPORT_REASONS.get(report.reason, report.reason),
    )
