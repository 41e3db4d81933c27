"""``/account/export`` (a JSON file of everything stored about the account) and
``/account/delete`` (deletion after a grace period)."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from directory.account import bp
from directory.account.settings_forms import DeleteAccountForm
from directory.account.settings_views import password_checks
from directory.extensions import db
from directory.limits import per_account
from directory.reviews.forms import ActionForm
from directory.services import ServiceError, account_deletion, data_export


@bp.route("/export")
@login_required
def export() -> str:
    """What the export holds, and the button that downloads it."""
    return render_template("account/export.html", form=ActionForm())


@bp.route("/export", methods=["POST"])
@login_required
@per_account("EXPORT_RATE_LIMIT")
def export_download() -> Response:
    """The JSON file (a POST with the form's CSRF token, so no other site can trigger it)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    data = data_export.build_export(current_user._get_current_object())
    body = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)
    filename = f"needlewise-export-{date.today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f"attachment; filename={filename}",
            "Cache-Control": "no-store",
        },
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@password_checks
@per_account("ACCOUNT_DELETION_RATE_LIMIT")
def delete() -> ResponseReturnValue:
    """Confirm with the password; the account is logged out everywhere and deleted after the
    grace period unless its owner logs in again."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    owned = account_deletion.owned_listings(user)
    if form.validate_on_submit():
        try:
            due = account_deletion.request_deletion(
                user, form.password.data, bool(form.withdraw_text.data)
            )
        except ServiceError as error:
            db.session.rollback()
            (getattr(form, error.field) if error.field else form.password).errors.append(
                error.message
            )
        else:
            logout_user()
            flash(
                f"Your account will be deleted on {due:%d %B %Y}. Log in before then to "
                "cancel. We emailed you the date.",
                "info",
            )
            return redirect(url_for("browse.home"))
    return render_template(
        "account/delete.html",
        form=form,
        owned=owned,
        grace_days=account_deletion.grace().days,
    ), (400 if form.errors else 200)
