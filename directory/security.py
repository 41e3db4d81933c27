"""Login wiring, role guards and security headers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from itertools import chain
from typing import Any

from flask import Flask, abort, flash, g, redirect, request
from flask_login import LoginManager, current_user, login_url, user_loaded_from_cookie


def init_login(app: Flask, login_manager: LoginManager) -> None:
    """Flask-Login with strong session protection and server-side session identities."""
    from directory.models import User
    from directory.services import sessions

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(identity: str) -> User | None:
        # The same identity arrives from the session cookie and the remember-me cookie; both
        # stop working once the server-side session record is gone (logout, rotation, expiry).
        return sessions.load(identity)

    @user_loaded_from_cookie.connect_via(app)
    def remembered(_app: Flask, user: User) -> None:
        # A remember-me restore is a login from this address too (a trust signal).
        from directory.services import login_events

        login_events.record_restored_login(user)


def _private_response() -> bool:
    """Whether this answer belongs to one person: any page for a signed-in account, and the
    login steps (their forms carry a per-browser token). Static files and the public API are
    the same for everyone and stay cacheable."""
    if request.endpoint == "static" or g.get("public_response"):
        return False  # the same for everyone (static files, photos already public)
    if g.get("database_unavailable"):
        return True  # the account cannot be looked up; a 503 page is never worth caching
    if request.blueprint == "auth":
        return True
    if request.path.startswith("/api/"):
        return False  # every API answer is public data, the same for everyone
    return bool(current_user and current_user.is_authenticated)


def init_headers(app: Flask) -> None:
    """Conservative headers on every response; scripts and styles only from this site."""

    @app.after_request
    def set_headers(response):
        hsts = int(app.config.get("HSTS_SECONDS") or 0)
        # Browsers ignore HSTS over plain http; the dev server and the test client use http.
        if hsts and (request.is_secure or not (app.debug or app.testing)):
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
            )
        if _private_response():
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        return response


def init_input_checks(app: Flask) -> None:
    """Refuse NUL characters anywhere in the request with a 400.

    No form or link produces them, and PostgreSQL text columns cannot hold them: passed on to
    a query they would be a 500 (SQLite would quietly store them).
    """

    @app.before_request
    def refuse_nul_bytes():
        values = [request.path, *request.args.keys(), *chain(*request.args.listvalues())]
        if request.method in ("POST", "PUT", "PATCH"):
            values += [*request.form.keys(), *chain(*request.form.listvalues())]
            values += [upload.filename or "" for upload in request.files.values()]
        if any("\x00" in value for value in values):
            abort(400, description="The request contains a NUL character, which is not allowed.")


# Why a visitor is sent to log in, for the pages people reach from a profile's buttons.
LOGIN_REASONS = {
    "questions.ask": "Log in or create a free patient account to ask this practitioner a question.",
    "reviews.book": "Log in or create a free patient account to request an appointment.",
    "reviews.write": "Log in with the patient account of your visit to write your review.",
}


def roles_required(*roles: str) -> Callable:
    """Allow only logged-in accounts with one of ``roles``; anonymous users go to log in,
    told why when they came from one of a profile's buttons."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from directory.extensions import login_manager

                reason = LOGIN_REASONS.get(request.endpoint or "")
                if reason:
                    flash(reason, "info")
                    return redirect(login_url("auth.login", next_url=request.url))
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


moderator_required = roles_required("moderator", "admin")
admin_required = roles_required("admin")
practitioner_required = roles_required("practitioner")
patient_required = roles_required("patient")
