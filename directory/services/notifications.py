"""The in-app inbox, with an email copy when mail is configured.

``notify`` adds a row to the caller's transaction and writes the email into the outbox in the
same transaction. The email exists exactly when the action does (nobody is emailed about a
rollback, nothing is lost after a commit); the unit of work (``directory/unit_of_work.py``)
hands it to delivery after the commit, inline or to the mail worker (``services/outbox.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from flask import current_app
from sqlalchemy import func, select, update

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

from directory import mail, unit_of_work
from directory.extensions import db
from directory.models import Notification, User
from directory.models.base import utcnow
from directory.services import outbox
from directory.unit_of_work import transactional

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
    outbox.enqueue(to, subject, body)


def absolute(link: str) -> str:
    """A site link made absolute for email, from the configured SITE_URL: never from the
    request's Host header, which whoever sends the request chooses."""
    if link.startswith("http"):
        return link
    root = current_app.config["SITE_URL"].rstrip("/")
    return f"{root}{link}"


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


@transactional
def mark_read(user: User, notification_id: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; None when it is not theirs."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
        unit_of_work.commit()
    return note


@transactional
def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return cast("CursorResult[Any]", result).rowcount or 0  # an UPDATE returns a cursor result
