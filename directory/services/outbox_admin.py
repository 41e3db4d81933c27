"""Admins' side of the mail outbox: the parked messages and putting one back in the queue."""

from __future__ import annotations

from sqlalchemy import select

from directory.extensions import db
from directory.models import AuditEntry, OutboxMessage, User
from directory.models.base import utcnow
from directory.services import ServiceError
from directory.unit_of_work import transactional


def failed_messages(limit: int = 200) -> list[OutboxMessage]:
    """Parked messages, newest first, for the admins' page."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "failed")
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    )


@transactional
def retry(admin: User, message_id: int) -> OutboxMessage:
    """Put a parked message back in the queue (admins only); audited."""
    if not admin.is_admin:
        raise ServiceError("Only admins can retry parked email.")
    row = db.session.get(OutboxMessage, message_id)
    if row is None or row.status != "failed":
        raise ServiceError("That message is not parked as failed.")
    row.status, row.attempts, row.next_attempt_at = "pending", 0, utcnow()
    db.session.add(
        AuditEntry(
            actor_id=admin.id,
            action="mail_retried",
            target_type="outbox_message",
            target_id=row.id,
            note="",  # the mail server's answer may quote the address; the log keeps no copy
            created_at=utcnow(),
        )
    )
    return row
