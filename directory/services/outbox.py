"""Delivery of the mail outbox: retries with backoff, failures parked for an admin.

An email is written as an ``OutboxMessage`` row in the same transaction as the action it
reports (``notifications.queue_mail``), so it exists exactly when the action does: nothing can
be lost between the commit and a queue, and nothing is sent about a rollback. Rows are then
delivered either right after the commit, in the request (``MAIL_DELIVERY = "inline"``, for
local use and tests), or by ``flask mail deliver --follow`` (``"worker"``, production: a slow or
dead mail server never holds a request). Either way a failed attempt stays in the table and is
retried with exponential backoff; after ``MAIL_MAX_ATTEMPTS`` tries the row is parked as
``failed`` where admins see and retry it (/moderation/outbox, ``services/outbox_admin.py``).

Several workers may run at once: each claims its rows first (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), and a claim older than ``STALE_CLAIM`` (a worker that died mid-send) is taken over.
A message keeps its Message-ID across attempts, so the rare double send after such a crash can
be recognised by the receiving side.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

from directory import mail
from directory.extensions import db
from directory.models import OutboxMessage
from directory.models.base import utcnow

STALE_CLAIM = timedelta(minutes=10)
FIRST_RETRY = 30  # seconds; doubles with each failed attempt
LONGEST_WAIT = 3600
BATCH = 50


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def enqueue(to: str, subject: str, body: str) -> OutboxMessage:
    """Add an email to the current transaction (the caller commits)."""
    domain = urlsplit(current_app.config["SITE_URL"]).hostname or "needlewise.local"
    message = OutboxMessage(
        to_address=to,
        subject=subject[:200],
        body=body,
        message_id=make_msgid(domain=domain),
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
        last_error="",
        created_at=utcnow(),
    )
    db.session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s, 1 min, 2 min ... at most 1 h."""
    return timedelta(seconds=min(LONGEST_WAIT, FIRST_RETRY * 2 ** max(0, attempts - 1)))


def _claim(ids: list[int] | None, now: datetime, limit: int) -> list[OutboxMessage]:
    """Take due rows for this worker. Each row is taken by a conditional UPDATE, so of two
    workers that saw the same row only one gets it, on SQLite as on PostgreSQL."""
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - STALE_CLAIM),
    )
    query = select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(limit)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    candidates = list(db.session.scalars(query.with_for_update(skip_locked=True)))
    taken = []
    for candidate in candidates:
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate, due)
            .values(status="sending", claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        if cast("CursorResult[Any]", result).rowcount == 1:
            taken.append(candidate)
    db.session.commit()
    if not taken:
        return []
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(taken)).order_by(OutboxMessage.id)
        )
    )


def deliver(ids: list[int] | None = None, limit: int = BATCH) -> DeliveryReport:
    """Send the due messages (only ``ids`` when given); returns what happened."""
    report = DeliveryReport()
    if not mail.mail_configured():
        return report
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    for row in _claim(ids, utcnow(), limit):
        try:
            error = mail.send_message(row.to_address, row.subject, row.body, row.message_id)
        except Exception as unexpected:  # a malformed row must not stop the worker
            error = f"{type(unexpected).__name__}: {unexpected}"
        now = utcnow()
        row.attempts += 1
        if error is None:
            # Sent: the text (with its single-use links) need not outlive the delivery.
            row.status, row.sent_at, row.last_error, row.body = "sent", now, "", ""
            report.sent += 1
        elif row.attempts >= max_attempts:
            row.status, row.last_error = "failed", error[:500]
            report.failed += 1
            current_app.logger.error("mail %s parked as failed: %s", row.id, error)
        else:
            row.status, row.last_error = "pending", error[:500]
            row.next_attempt_at = now + backoff(row.attempts)
            report.retrying += 1
        row.claimed_at = None
        db.session.commit()  # one row at a time: a crash later never re-sends this one
    return report


def follow(interval: float, *, stop: Callable[[], bool] = lambda: False) -> None:
    """Deliver forever (until ``stop()``), sleeping ``interval`` seconds when nothing is due."""
    while not stop():
        report = deliver()
        if report.sent or report.retrying or report.failed:
            current_app.logger.info("mail: %s", report)
        db.session.remove()
        if not (report.sent or report.retrying or report.failed):
            time.sleep(interval)


def stats() -> dict[str, int | float | None]:
    """Outbox depth for /healthz: pending messages, the oldest one's age, failed ones."""
    pending = OutboxMessage.status.in_(("pending", "sending"))
    count, oldest = db.session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(pending)
    ).one()
    failed = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")
    )
    age = None
    if oldest is not None:
        if oldest.tzinfo is None:  # SQLite returns naive UTC
            oldest = oldest.replace(tzinfo=utcnow().tzinfo)
        age = round((utcnow() - oldest).total_seconds(), 1)
    return {"pending": int(count or 0), "oldest_pending_seconds": age, "failed": int(failed or 0)}
