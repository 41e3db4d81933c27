"""The second login step: a code from the authenticator app, or a recovery code."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from directory.auth import bp, flow
from directory.auth.forms import TwoFactorLoginForm
from directory.extensions import limiter
from directory.services import two_factor as totp


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"], methods=["POST"], deduct_when=flow.failed
)
@limiter.limit(
    lambda: current_app.config["TWO_FACTOR_RATE_LIMIT"],
    key_func=flow.pending_account_key,
    methods=["POST"],
    deduct_when=flow.failed,
)
def two_factor() -> ResponseReturnValue:
    """Ask for the code; only once it passes does the browser get a session."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    user, pending = flow.pending_user()
    if user is None:
        flash("Your login took too long or was ended. Please log in again.", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorLoginForm()
    if form.validate_on_submit():
        if totp.verify(user, form.code.data):
            flow.complete(user, pending["remember"])
            flash(f"Welcome back, {user.display_name.rstrip('.')}.", "success")
            return redirect(pending["next"])
        form.code.errors.append(
            "That code is not right, or was already used. Enter the newest code from your "
            "app, or one of your recovery codes."
        )
    return render_template("auth/two_factor.html", form=form), 400 if form.errors else 200
