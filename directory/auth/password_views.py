"""Forgotten passwords: ask for a link, then choose a new password with it.

The request page answers the same whether or not the address has an account. After a reset
every session of the account has ended, this browser's too, and the person logs in with the new
password: that proves it works, and an account with two-factor still asks for its code.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import logout_user

from directory.auth import bp, flow
from directory.auth.forms import ForgotPasswordForm, ResetPasswordForm
from directory.extensions import limiter
from directory.limits import succeeded
from directory.services import ServiceError, password_reset
from directory.services.accounts import normalise_email

# The address a link was asked for, shown on the "check your inbox" page.
RESET_EMAIL_KEY = "reset_email"


def reset_address_key() -> str:
    """Rate-limit key: the address a reset link is asked for, from any client."""
    return "reset-address:" + normalise_email(request.form.get("email", ""))[:254]


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"], deduct_when=succeeded
)
@limiter.limit(
    lambda: current_app.config["RESET_ADDRESS_RATE_LIMIT"],
    key_func=reset_address_key,
    methods=["POST"],
    deduct_when=succeeded,
)
def forgot_password() -> ResponseReturnValue:
    """Ask for a reset link; the answer never says whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        password_reset.request_reset(form.email.data)
        session[RESET_EMAIL_KEY] = normalise_email(form.email.data)
        return redirect(url_for("auth.reset_requested"))
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/password/check-inbox")
def reset_requested() -> ResponseReturnValue:
    """The one answer to every accepted reset request."""
    email = session.get(RESET_EMAIL_KEY)
    if not email:
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/reset_sent.html", email=email)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=flow.failed,
)
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password with a genuine, unexpired, unused link."""
    user = password_reset.account_for(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset_password(user, form.password.data)
        except ServiceError as error:
            form.password.errors.append(error.message)
        else:
            logout_user()
            flash(
                "Your password is changed and every device that was logged in to your "
                "account is logged out. Log in with your new password.",
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, email=user.email), (
        400 if form.errors else 200
    )
