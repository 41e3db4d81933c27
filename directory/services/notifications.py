"""The in-app inbox, with an email copy when mail is configured.

``notify`` adds a row to the caller's transaction and writes the email into the outbox in the
same transaction; services then call ``commit()`` from here. The email exists exactly when the
action does (nobody is emailed about a rollback, nothing is lost after a commit) and is
delivered after the commit, inline or by the mail worker (see ``services/outbox.py``).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from flask import current_app
from sqlalchemy import func, select, update

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

from directory import mail
from directory.extensions import db
from directory.models import Notification, User
from directory.models.base import utcnow
from directory.services import outbox

_QUEUE_KEY = "nw_pending_mail"
# Threads still sending emails queued by send_queued_in_background.
_BACKGROUND: set[threading.Thread] = set()
_BACKGROUND_LOCK = threading.Lock()
BACKGROUND_MAIL_DELAY = 0.05  # seconds

# kind -> subject of the email copy
KINDS = {
    "question": "A patient asked you a question",
    "answer": "Your question was answered",
    "invitation": "You are invited to review a visit",
    "reply": "The practitioner replied to your review",
    "booking": "Booking request update",
    "message": "New message about a booking",
    "decision": "A moderator decided",
    "review": "New review of your listing",
    "licence": "About your licence on Needlewise",
}


@dataclass
class Inbox:
    """One page of a user's notifications."""

    items: list[Notification] = field(default_factory=list)
    total: int = 0
    unread: int = 0
    page: int = 1
    per_page: int = 20


def notify(
    user: User, kind: str, message: str, link: str = "", *, email: bool = True
) -> Notification:
    """Add a notification for ``user`` to the current transaction and queue its email copy,
    unless the account turned email off for this kind (the inbox always keeps it)."""
    note = Notification(user_id=user.id, kind=kind, message=message[:500], link=link[:300])
    db.session.add(note)
    if email and not user.is_deleted and wants_email(user, kind):
        queue_mail(user.email, KINDS.get(kind, "Needlewise"), message, link)
    return note


def email_opt_out(user: User) -> set[str]:
    """The inbox kinds ``user`` does not want by email (settings page)."""
    try:
        kinds = json.loads(user.email_opt_out or "[]")
    except ValueError:
        return set()
    return {kind for kind in kinds if isinstance(kind, str)} if isinstance(kinds, list) else set()


def wants_email(user: User, kind: str) -> bool:
    """Whether an inbox notification of ``kind`` also goes to ``user`` by email."""
    return kind not in email_opt_out(user)


def queue_mail(to: str, subject: str, message: str, link: str = "") -> None:
    """Write an email into the outbox, in the current transaction; nothing without MAIL_SERVER."""
    if not mail.mail_configured():
        return
    parts = [message, absolute(link)] if link else [message]
    body = "\n\n".join(parts) + "\n\n— Needlewise\n"
    db.session.info.setdefault(_QUEUE_KEY, []).append(outbox.enqueue(to, subject, body))


def absolute(link: str) -> str:
    """A site link made absolute for email, from the configured SITE_URL: never from the
    request's Host header, which whoever sends the request chooses."""
    if link.startswith("http"):
        return link
    root = current_app.config["SITE_URL"].rstrip("/")
    return f"{root}{link}"


def commit() -> None:
    """Commit the session (with the emails ``notify`` wrote), then hand them to delivery."""
    db.session.commit()
    send_queued()


def _commit_written() -> list[int]:
    """Commit the outbox rows this session wrote; their ids."""
    written = db.session.info.pop(_QUEUE_KEY, [])
    db.session.commit()
    # A rollback since queue_mail expunged its rows: they were never written.
    return [row.id for row in written if row.id is not None and row in db.session]


def send_queued() -> int:
    """Commit the emails this session wrote and deliver them now when MAIL_DELIVERY is
    "inline" (returns how many the server accepted; a failure stays queued for a retry) or
    leave them to the mail worker (returns how many are queued)."""
    ids = _commit_written()
    if not ids:
        return 0
    if current_app.config["MAIL_DELIVERY"] != "inline":
        return len(ids)
    return outbox.deliver(ids=ids).sent


def send_queued_in_background() -> None:
    """Commit the emails this session wrote and deliver them from a separate thread, so the
    answer does not wait for the mail server: a page that emails only existing accounts would
    otherwise answer measurably slower for them and tell who has an account. With
    MAIL_DELIVERY "worker" the mail worker sends them anyway, so nothing runs here. The thread
    is not a daemon, so a process that shuts down cleanly still sends what it queued; an email
    it could not send stays in the outbox for the worker."""
    ids = _commit_written()
    if not ids or current_app.config["MAIL_DELIVERY"] != "inline":
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        # Let the answer go out first: sending competes with it for the interpreter, which
        # alone made answers for existing accounts ~2 ms slower.
        time.sleep(BACKGROUND_MAIL_DELAY)
        try:
            with app.app_context():
                outbox.deliver(ids=ids)
                db.session.remove()
        finally:
            with _BACKGROUND_LOCK:
                _BACKGROUND.discard(threading.current_thread())

    thread = threading.Thread(target=send, name="needlewise-mail")
    with _BACKGROUND_LOCK:
        _BACKGROUND.add(thread)
    thread.start()


def wait_for_background_mail(timeout: float = 30.0) -> None:
    """Wait until emails sent by ``send_queued_in_background`` have left (tests, commands)."""
    with _BACKGROUND_LOCK:
        threads = list(_BACKGROUND)
    for thread in threads:
        thread.join(timeout)


def discard_queued() -> None:
    """Forget the emails of a rolled-back transaction (the rollback removed their rows)."""
    db.session.info.pop(_QUEUE_KEY, None)


def unread_count(user: User) -> int:
    """How many notifications ``user`` has not read."""
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def inbox(user: User, page: int = 1, per_page: int = 20) -> Inbox:
    """Newest first, one page."""
    page = max(1, page)
    where = Notification.user_id == user.id
    total = db.session.scalar(select(func.count(Notification.id)).where(where)) or 0
    items = db.session.scalars(
        select(Notification)
        .where(where)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Inbox(list(items), total, unread_count(user), page, per_page)


def mark_read(user: User, notification_id: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; None when it is not theirs."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
    return note


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return cast("CursorResult[Any]", result).rowcount or 0  # an UPDATE returns a cursor result
