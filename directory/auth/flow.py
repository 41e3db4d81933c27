"""The steps a login goes through: throttling keys, the pending second factor, completion.

Between the password and the two-factor code nothing is logged in: the signed session cookie
only holds which account is half-way, for a few minutes, tied to the account's session token.
"""

from __future__ import annotations

import time
from typing import Any

from flask import flash, request, session
from flask_login import login_user
from werkzeug.wrappers import Response

from directory.extensions import db
from directory.models import User
from directory.services import account_deletion, login_events, sessions
from directory.services.accounts import normalise_email

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300


def login_account_key() -> str:
    """Rate-limit key for login attempts on one account, from any address."""
    return "login-account:" + normalise_email(request.form.get("email", ""))[:254]


def pending_account_key() -> str:
    """Rate-limit key for two-factor attempts on the half-logged-in account."""
    pending = session.get(PENDING_KEY) or {}
    return f"two-factor-account:{pending.get('user', 'none')}"


def failed(response: Response) -> bool:
    """Only refused attempts count against the limits, so people who get in are not
    throttled by their own successful logins."""
    return response.status_code >= 400


def begin_second_step(user: User, remember: bool, next_url: str) -> None:
    """Remember, for a few minutes, that this browser passed the password step."""
    session[PENDING_KEY] = {
        "user": user.id,
        "token": user.session_token,
        "remember": bool(remember),
        "next": next_url,
        "until": int(time.time()) + PENDING_SECONDS,
    }


def pending_user() -> tuple[User | None, dict[str, Any]]:
    """The account half-way through logging in, if the step has not expired or been ended."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None, {}
    user = db.session.get(User, pending.get("user"))
    if user is None or user.session_token != pending.get("token") or not user.is_active:
        return None, {}
    return user, pending


def complete(user: User, remember: bool) -> None:
    """Start the server-side session and log the browser in with a fresh CSRF token."""
    session.pop(PENDING_KEY, None)
    # A token issued before login must not keep working after it (ASVS 3.2.1).
    session.pop("csrf_token", None)
    if account_deletion.cancel_on_login(user):  # logging in during the grace period
        flash("Your account deletion was cancelled.", "info")
    login_events.record(user, "login")  # committed by sessions.start
    sessions.start(user, remember)
    login_user(user, remember=remember)
