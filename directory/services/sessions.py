"""Server-side login sessions: one record per logged-in device.

The session cookie and the remember-me cookie carry the account's Flask-Login identity, which
includes a random per-device key; the account is logged in only while a record with that key's
hash exists and has not expired. Logout deletes the record, so a replayed cookie logs nobody in;
``User.rotate_session_token`` deletes them all.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, select

from directory import unit_of_work
from directory.extensions import db
from directory.models import User, UserSession
from directory.models.base import utcnow
from directory.unit_of_work import transactional

# Last-seen times are written at most this often, so browsing is not a write per request.
TOUCH_INTERVAL = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lifetime() -> timedelta:
    """How long a login lasts at most: the remember-me cookie's lifetime (30 days)."""
    value = current_app.config["REMEMBER_COOKIE_DURATION"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def device_summary(user_agent: str) -> str:
    """ "Firefox on Windows": enough to recognise a device, nothing more is stored."""
    agent = user_agent or ""
    browser = next(
        (
            name
            for token, name in (
                ("Edg/", "Edge"),
                ("OPR/", "Opera"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
                ("curl/", "curl"),
            )
            if token in agent
        ),
        "Unknown browser",
    )
    system = next(
        (
            name
            for token, name in (
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Android", "Android"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("CrOS", "ChromeOS"),
                ("Linux", "Linux"),
            )
            if token in agent
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


@transactional
def start(user: User, remember: bool, expires_at: datetime | None = None) -> str:
    """Record a new login for ``user`` from this request and commit; returns the device key.

    The key becomes part of ``user.get_id()``, which Flask-Login puts into both cookies."""
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at < now)
    )
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            key_hash=_hash(key),
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at or now + lifetime(),
            ip=(request.remote_addr or "")[:45] or None,
            user_agent=device_summary(request.headers.get("User-Agent", ""))[:120],
            remember=remember,
        )
    )
    if expires_at is None:  # a new login, not a re-issued one
        user.last_login_at = now
    unit_of_work.commit()
    user.session_key = key
    return key


@transactional
def load(identity: str) -> User | None:
    """The account behind a Flask-Login identity, if its session is still live.

    Updates the session's last-seen time at most once a minute (and commits it)."""
    user_id, _, rest = identity.partition(":")
    token, _, key = rest.partition(":")
    if not user_id.isdigit() or not token or not key:
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.key_hash == _hash(key)))
    if record is None or record.user_id != int(user_id):
        return None
    user = db.session.get(User, record.user_id)
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    now = utcnow()
    if _aware(record.expires_at) <= now or not user.is_active:
        return None
    if now - _aware(record.last_seen_at) >= TOUCH_INTERVAL:
        record.last_seen_at = now
        unit_of_work.commit()
    user.session_key = key
    return user


def current_record(user: User) -> UserSession | None:
    """The record of the session this request runs in."""
    if not user.session_key:
        return None
    return db.session.scalar(
        select(UserSession).where(UserSession.key_hash == _hash(user.session_key))
    )


@transactional
def end(user: User) -> None:
    """Logout: delete this device's record and commit, so its cookies stop working."""
    if user.session_key:
        db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id, UserSession.key_hash == _hash(user.session_key)
            )
        )
        unit_of_work.commit()
    user.session_key = None


@transactional
def end_record(record: UserSession) -> None:
    """Log out one device (from the account's security page) and commit."""
    db.session.delete(record)


def end_others(user: User) -> bool:
    """ "Log out of all other devices": rotate the account's token (ending every session),
    then start this device again. Commits; returns whether this device is remembered, for
    re-issuing its cookies."""
    record = current_record(user)
    remember = bool(record and record.remember)
    # Keep this device's deadline: ending the others must not extend this login.
    expires_at = _aware(record.expires_at) if record else None
    user.rotate_session_token()
    db.session.flush()
    start(user, remember, expires_at)
    return remember


def active(user: User) -> list[UserSession]:
    """The account's live sessions, most recently seen first."""
    now = utcnow()
    records = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [record for record in records if _aware(record.expires_at) > now]


def is_current(user: User, record: UserSession) -> bool:
    """Whether ``record`` is the session this request runs in."""
    return bool(user.session_key) and secrets.compare_digest(
        record.key_hash, _hash(user.session_key or "")
    )
