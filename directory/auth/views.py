"""Register, log in (password, then a two-factor code when enabled), log out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from directory.auth import bp, flow
from directory.auth.confirm_views import REGISTERED_KEY
from directory.auth.forms import LoginForm, RegisterForm
from directory.extensions import limiter
from directory.limits import succeeded
from directory.services import ServiceError, accounts, registration, sessions
from directory.view_helpers import show_service_error


def _safe_next(default: str) -> str:
    """Only same-site relative paths are followed after login."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    # Browsers read "/\evil.org" as "//evil.org" and drop tabs and newlines, so refuse both.
    unsafe = "\\" in target or any(ord(char) < 32 for char in target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc and not unsafe:
        return target
    return default


def register_address_key() -> str:
    """Rate-limit key: the address being registered, since each attempt emails it."""
    return "register-address:" + accounts.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["REGISTER_ADDRESS_RATE_LIMIT"],
    key_func=register_address_key,
    methods=["POST"],
    deduct_when=succeeded,
)
def register() -> ResponseReturnValue:
    """Create a patient or practitioner account; it is confirmed (and logged in) from the link
    in the email. A taken address gets exactly the same answer; its owner is emailed instead."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("role") == "practitioner":
        form.role.data = "practitioner"  # "List your practice" links here
    if form.validate_on_submit():
        try:
            registration.register(
                form.email.data, form.password.data, form.role.data, form.display_name.data
            )
        except ServiceError as error:
            show_service_error(form, error, "email")
        else:
            session[REGISTERED_KEY] = accounts.normalise_email(form.email.data)
            return redirect(url_for("auth.registered"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=flow.failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    key_func=flow.login_account_key,
    methods=["POST"],
    deduct_when=flow.failed,
)
def login() -> ResponseReturnValue:
    """Log in with email and password; accounts with two-factor go on to the code step."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except ServiceError as error:
            user = None
            form.email.errors.append(error.message)
        else:
            if user is None:
                form.password.errors.append("Email or password is incorrect.")
        if user is not None:
            next_url = _safe_next(url_for("account.index"))
            if user.two_factor_enabled:
                flow.begin_second_step(user, form.remember.data, next_url)
                return redirect(url_for("auth.two_factor"))
            flow.complete(user, form.remember.data)
            flash(f"Welcome back, {user.display_name.rstrip('.')}.", "success")
            return redirect(next_url)
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Log out (POST only, so a link or image cannot log anyone out): the server-side session
    ends, so neither the old session cookie nor the remember-me cookie works again."""
    if current_user.is_authenticated:
        sessions.end(current_user._get_current_object())
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("browse.home"))
