"""``/account/export`` (a JSON file of everything stored about the account) and
``/account/delete`` (deletion after a grace period)."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from directory.account import bp
from directory.account.settings_forms import DeleteAccountForm, UnlistForm
from directory.account.settings_views import password_checks
from directory.dates import nice_date
from directory.limits import per_account
from directory.reviews.forms import ActionForm
from directory.services import ServiceError, account_deletion, data_export, unlisting
from directory.view_helpers import show_service_error


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
    if form.validate_on_submit():
        try:
            due = account_deletion.request_deletion(
                user, form.password.data, bool(form.withdraw_text.data)
            )
        except ServiceError as error:
            show_service_error(form, error, "password")
        else:
            logout_user()
            flash(
                f"Your account will be deleted on {nice_date(due)}. Log in before then to "
                "cancel. We emailed you the date.",
                "info",
            )
            return redirect(url_for("browse.home"))
    return _delete_page(form, _unlist_form(formdata=None))


def _unlist_form(**kwargs) -> UnlistForm:
    form = UnlistForm(prefix="unlist", **kwargs)
    owned = account_deletion.owned_listings(current_user._get_current_object())
    form.listing.choices = [(listing.slug, listing.name) for listing in owned]
    return form


def _delete_page(form: DeleteAccountForm, unlist_form: UnlistForm) -> tuple[str, int]:
    return render_template(
        "account/delete.html",
        form=form,
        unlist_form=unlist_form,
        owned=account_deletion.owned_listings(current_user._get_current_object()),
        grace_days=account_deletion.grace().days,
    ), (400 if form.errors or unlist_form.errors else 200)


@bp.route("/delete/unlist", methods=["POST"])
@login_required
@password_checks
def unlist_listing() -> ResponseReturnValue:
    """Give up a listing (it stays public, unclaimed), so its owner can delete their account."""
    form = _unlist_form()
    if form.validate_on_submit():
        try:
            listing = unlisting.unlist(
                current_user._get_current_object(), form.listing.data, form.password.data
            )
        except ServiceError as error:
            show_service_error(form, error, "listing")
        else:
            flash(
                f"{listing.name} is no longer yours. It stays public with its reviews, marked "
                "unclaimed, until a colleague claims it.",
                "success",
            )
            return redirect(url_for("account.delete"))
    return _delete_page(DeleteAccountForm(formdata=None), form)
