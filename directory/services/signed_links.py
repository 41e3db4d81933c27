"""Signed, expiring, single-use links for account emails (confirmation, password reset, email
change), built with itsdangerous.

A token names the account, the purpose and a fingerprint of the account state the action
changes (the address being confirmed, the password hash being replaced). Once the action has
happened the fingerprint no longer matches, so the link works once without a table of used
tokens. Links are absolute from SITE_URL, never from the request's Host header.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.extensions import db
from directory.models import User

# purpose -> seconds a link stays valid
MAX_AGE = {
    "confirm": 48 * 3600,
    "reset": 3600,
    "email-change": 48 * 3600,
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose}")


def fingerprint(*parts: object) -> str:
    """A short digest of the account state a link is bound to (not reversible, so a token
    that leaks reveals neither the password hash nor anything else)."""
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make_token(purpose: str, user: User, state: str, **extra: Any) -> str:
    """A token for ``purpose`` naming ``user``, bound to ``state`` (see ``fingerprint``)."""
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown link purpose {purpose!r}")
    payload = {"u": user.id, "s": state, **extra}
    return str(_serializer(purpose).dumps(payload))


def read_token(purpose: str, token: str) -> tuple[User, dict[str, Any]] | None:
    """The account and payload of a genuine, unexpired token for ``purpose``; None otherwise.

    The caller still compares the payload's ``s`` with the account's current state."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None:
        return None
    return user, data


def link(path: str) -> str:
    """``path`` made absolute from SITE_URL."""
    return current_app.config["SITE_URL"].rstrip("/") + path
