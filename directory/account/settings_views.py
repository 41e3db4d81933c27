"""``/account/settings``: display name, email change, password change, email preferences."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from directory.account import bp
from directory.account.settings_forms import (
    KIND_LABELS,
    DisplayNameForm,
    EmailChangeForm,
    NotificationsForm,
    PasswordChangeForm,
)
from directory.extensions import limiter
from directory.limits import per_account, per_user_key
from directory.reviews.forms import ActionForm
from directory.services import ServiceError, account_settings, notifications, sessions
from directory.view_helpers import show_service_error

PREFIXES = {
    "name": DisplayNameForm,
    "email": EmailChangeForm,
    "password": PasswordChangeForm,
    "notifications": NotificationsForm,
}


def _refused(response: Response) -> bool:
    return response.status_code >= 400


def password_checks(view):
    """Refused attempts on forms that ask for the current password count against one budget
    per account, so a borrowed session cannot guess the password through them."""
    return limiter.shared_limit(
        lambda: current_app.config["PASSWORD_CHECK_RATE_LIMIT"],
        scope="settings-password-check",
        key_func=per_user_key,
        methods=["POST"],
        deduct_when=_refused,
    )(view)


def _form(prefix: str, bound: dict[str, FlaskForm]) -> FlaskForm:
    """The submitted form as bound, the others filled from the account."""
    user = current_user._get_current_object()
    if prefix in bound:
        return bound[prefix]
    form: FlaskForm = PREFIXES[prefix](formdata=None, prefix=prefix)
    if isinstance(form, DisplayNameForm):
        form.display_name.data = user.display_name
    elif isinstance(form, NotificationsForm):
        _offer_kinds(form)
        off = notifications.email_opt_out(user)
        form.emailed.data = [kind for kind in account_settings.kinds_for(user) if kind not in off]
    return form


def _offer_kinds(form: NotificationsForm) -> None:
    """Only the kinds of notification this account's role can receive."""
    offered = account_settings.kinds_for(current_user._get_current_object())
    form.emailed.choices = [(kind, KIND_LABELS.get(kind, kind)) for kind in offered]


def _page(status: int = 200, **bound: FlaskForm) -> tuple[str, int]:
    return render_template(
        "account/settings.html",
        forms={prefix: _form(prefix, bound) for prefix in PREFIXES},
        action_form=ActionForm(),
        masked=account_settings.masked,
    ), status


def _apply(form: FlaskForm, action, default_field: str) -> bool:
    """Run ``action`` if ``form`` is valid; a refusal goes beside its field."""
    if not form.validate_on_submit():
        return False
    try:
        action()
    except ServiceError as error:
        show_service_error(form, error, default_field)
        return False
    return True


@bp.route("/settings")
@login_required
def settings() -> ResponseReturnValue:
    """The settings page."""
    return _page()


@bp.route("/settings/name", methods=["POST"])
@login_required
def settings_name() -> ResponseReturnValue:
    """Change the display name."""
    form = DisplayNameForm(prefix="name")
    user = current_user._get_current_object()
    if _apply(
        form,
        lambda: account_settings.change_display_name(user, form.display_name.data),
        "display_name",
    ):
        flash("Your display name is saved.", "success")
        return redirect(url_for("account.settings"))
    return _page(400, name=form)


@bp.route("/settings/email", methods=["POST"])
@login_required
@password_checks
@per_account("EMAIL_CHANGE_RATE_LIMIT")
def settings_email() -> ResponseReturnValue:
    """Ask to change the email address: a link goes to the new one, a notice to the old."""
    form = EmailChangeForm(prefix="email")
    user = current_user._get_current_object()
    if _apply(
        form,
        lambda: account_settings.request_email_change(user, form.email.data, form.password.data),
        "email",
    ):
        flash(
            f"We sent a link to {user.pending_email}. Your address changes when you open it "
            "(within 48 hours).",
            "success",
        )
        return redirect(url_for("account.settings"))
    return _page(400, email=form)


@bp.route("/settings/email/cancel", methods=["POST"])
@login_required
def settings_email_cancel() -> Response:
    """Forget a pending email change."""
    if not ActionForm().validate_on_submit():
        abort(400)
    account_settings.cancel_email_change(current_user._get_current_object())
    flash("The email change is cancelled; the link we sent no longer works.", "info")
    return redirect(url_for("account.settings"))


def _no_store(view):
    """The link page carries a per-browser form token and names an address: never cached,
    even for a browser that is not logged in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper


@bp.route("/settings/email/<token>", methods=["GET", "POST"])
@_no_store
def settings_email_confirm(token: str) -> ResponseReturnValue:
    """The link from the new address: a button (mail scanners only follow links), then the
    switch. No login needed: the signed link is the proof."""
    target = account_settings.email_change_target(token)
    form = ActionForm()
    if target is not None and form.validate_on_submit():
        try:
            account_settings.confirm_email_change(token)
        except ServiceError as error:
            return render_template(
                "account/email_confirm.html", error=error.message, form=form
            ), 409
        flash("Your email address is changed and confirmed.", "success")
        if current_user.is_authenticated:
            return redirect(url_for("account.settings"))
        return redirect(url_for("auth.login"))
    if target is None:
        return render_template(
            "account/email_confirm.html",
            error="This link has expired or was already used. Ask for the change again in "
            "your account settings.",
            form=form,
        ), 404
    return render_template("account/email_confirm.html", new_email=target[1], form=form)


@bp.route("/settings/password", methods=["POST"])
@login_required
@password_checks
@per_account("PASSWORD_CHANGE_RATE_LIMIT")
def settings_password() -> ResponseReturnValue:
    """Change the password; every other device is logged out, this one stays."""
    form = PasswordChangeForm(prefix="password")
    user = current_user._get_current_object()
    if _apply(
        form,
        lambda: account_settings.change_password(
            user, form.current_password.data, form.new_password.data
        ),
        "current_password",
    ):
        # The account's identity changed: put the new one into this browser's cookies, with
        # the remember-me choice this device's session had.
        record = sessions.current_record(user)
        login_user(user, remember=bool(record and record.remember))
        flash("Your password is changed. Every other device is logged out.", "success")
        return redirect(url_for("account.settings"))
    return _page(400, password=form)


@bp.route("/settings/notifications", methods=["POST"])
@login_required
def settings_notifications() -> ResponseReturnValue:
    """Which inbox events also come by email."""
    form = NotificationsForm(prefix="notifications")
    _offer_kinds(form)
    user = current_user._get_current_object()
    if _apply(
        form,
        lambda: account_settings.save_email_preferences(user, form.emailed.data or []),
        "emailed",
    ):
        flash("Your email preferences are saved.", "success")
        return redirect(url_for("account.settings"))
    return _page(400, notifications=form)
