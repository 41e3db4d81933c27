"""Where accounts register and log in from, kept 90 days for the "worth a look" signals.

Only moderators' trust signals read these rows (``services.trust_signals``). The address is
``request.remote_addr``, which ProxyFix (``PROXY_FIX_X_FOR``) already rewrites to the client's
address behind a proxy. Rows older than ``LOGIN_EVENT_DAYS`` are pruned whenever a new one is
written: an indexed range delete, so no daily job has to remember it.
"""

from __future__ import annotations

from datetime import timedelta

from flask import has_request_context, request
from sqlalchemy import delete

from directory.extensions import db
from directory.models import User
from directory.models.base import utcnow
from directory.models.trust import LOGIN_EVENT_KINDS, LoginEvent
from directory.unit_of_work import transactional

LOGIN_EVENT_DAYS = 90


def record(user: User, kind: str) -> LoginEvent | None:
    """Add a ``kind`` event for ``user`` from this request's address; the caller commits.

    Does nothing outside a request (CLI, demo data, tests building accounts directly): there is
    no network address to remember."""
    if kind not in LOGIN_EVENT_KINDS:
        raise ValueError(f"unknown login event kind {kind!r}")
    if not has_request_context() or user.id is None:
        return None
    ip = (request.remote_addr or "")[:45]
    if not ip:
        return None
    now = utcnow()
    db.session.execute(
        delete(LoginEvent).where(LoginEvent.created_at < now - timedelta(days=LOGIN_EVENT_DAYS))
    )
    event = LoginEvent(user_id=user.id, ip=ip, kind=kind, created_at=now)
    db.session.add(event)
    return event


@transactional
def record_restored_login(user: User) -> None:
    """A remember-me cookie restored a login: that too is a login from this address."""
    record(user, "remembered")
