"""Per-account volume limits on writes that reach a person or a disk.

Keyed by the signed-in account (by the client address for anonymous requests), so one account
cannot send forty invitations or upload twenty-five documents in a few seconds, and people
sharing a clinic's network do not share one budget. Only successful writes count: a form
sent back with a typo does not use up the allowance. Numbers live in config (README).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.extensions import limiter


def per_user_key() -> str:
    """Rate-limit key: the account when logged in, else the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def succeeded(response: Response) -> bool:
    """``deduct_when`` for limits that count only accepted requests (a form sent back with a
    typo does not use up the allowance)."""
    return response.status_code < 400


def per_account(config_key: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """``@per_account("PROOF_RATE_LIMIT")``: the limit in that config key, per account, counted
    on successful ``methods`` requests."""
    return limiter.limit(
        lambda: current_app.config[config_key],
        key_func=per_user_key,
        methods=list(methods),
        deduct_when=succeeded,
    )
