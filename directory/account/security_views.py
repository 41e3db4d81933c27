"""``/account/security``: active sessions, logging out other devices, two-factor set-up."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user
from werkzeug.wrappers import Response

from directory.account import bp
from directory.account.security_forms import DisableTwoFactorForm, EnableTwoFactorForm
from directory.extensions import db, limiter
from directory.models import UserSession
from directory.reviews.forms import ActionForm
from directory.services import ServiceError, sessions, two_factor

SETUP_KEY = "two_factor_setup_secret"


def _account_key() -> str:
    return f"two-factor-settings:{current_user.get_id().split(':')[0]}"


def _code_limits(view):
    """Wrong codes while setting up or switching off count like wrong login codes."""
    limit = lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"]  # noqa: E731
    view = limiter.limit(limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)(view)
    return limiter.limit(limit, methods=["POST"], deduct_when=_failed)(view)


def _failed(response: Response) -> bool:
    return response.status_code >= 400


def _page(**forms) -> str:
    user = current_user._get_current_object()
    return render_template(
        "account/security.html",
        records=sessions.active(user),
        is_current=lambda record: sessions.is_current(user, record),
        codes_left=two_factor.recovery_codes_left(user),
        action_form=ActionForm(),
        disable_form=forms.get("disable_form") or DisableTwoFactorForm(),
    )


@bp.route("/security")
@login_required
def security() -> str:
    """Where this account is logged in, and its two-factor state."""
    return _page()


@bp.route("/security/sessions/others", methods=["POST"])
@login_required
def end_other_sessions() -> Response:
    """Log out every other device; this one stays logged in."""
    if not ActionForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    remember = sessions.end_others(user)
    # The account's identity changed: put the new one into this browser's cookies.
    login_user(user, remember=remember)
    flash("Every other device is logged out.", "success")
    return redirect(url_for("account.security"))


@bp.route("/security/sessions/<int:record_id>/end", methods=["POST"])
@login_required
def end_session(record_id: int) -> Response:
    """Log out one other device of this account."""
    if not ActionForm().validate_on_submit():
        abort(400)
    record = db.session.get(UserSession, record_id)
    if record is None or record.user_id != current_user.id:
        abort(404)
    if sessions.is_current(current_user, record):
        flash("To log out this device, use “Log out” in the menu.", "info")
    else:
        sessions.end_record(record)
        flash("That device is logged out.", "success")
    return redirect(url_for("account.security"))


@bp.route("/security/two-factor", methods=["GET", "POST"])
@login_required
@_code_limits
def two_factor_setup() -> ResponseReturnValue:
    """Show a new secret (QR code, key, URI); a matching code turns two-factor on."""
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return redirect(url_for("account.security"))
    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(user, secret, form.code.data)
        except ServiceError as error:
            form.code.errors.append(error.message)
        else:
            session.pop(SETUP_KEY, None)
            return render_template("account/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(user, secret)
    return render_template(
        "account/two_factor_setup.html",
        form=form,
        secret=secret,
        uri=uri,
        qr=two_factor.qr_svg_data_uri(uri),
        required=user.is_moderator,
    ), (400 if form.errors else 200)


@bp.route("/security/two-factor/disable", methods=["POST"])
@login_required
@_code_limits
def two_factor_disable() -> ResponseReturnValue:
    """Switch two-factor off (password and code); moderators then have to set it up again."""
    user = current_user._get_current_object()
    if not user.two_factor_enabled:
        return redirect(url_for("account.security"))
    form = DisableTwoFactorForm()
    if form.validate_on_submit():
        try:
            two_factor.disable(user, form.password.data, form.code.data)
        except ServiceError as error:
            getattr(form, error.field or "code").errors.append(error.message)
        else:
            flash("Two-factor authentication is off.", "success")
            return redirect(url_for("account.security"))
    return _page(disable_form=form), 400
