"""Audit-log entries for demo events whose target has no id until the session flushes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from directory.extensions import db
from directory.models import AuditEntry, User


@dataclass
class AuditTrail:
    """Moderation decisions of the demo, written as ``AuditEntry`` rows once ids exist."""

    pending: list[tuple[Any, str, str, User | None, datetime, str]] = field(default_factory=list)

    def add(
        self, target: Any, target_type: str, action: str, actor: User | None, when: datetime,
        note: str = "",
    ) -> None:  # fmt: skip
        """Remember a decision about ``target`` (a model instance, flushed or not)."""
        self.pending.append((target, target_type, action, actor, when, note))

    def write(self) -> int:
        """Add the entries (call after a flush); returns how many."""
        rows = [
            AuditEntry(
                actor_id=actor.id if actor is not None else None,
                action=action,
                target_type=target_type,
                target_id=target.id,
                note=note,
                created_at=when,
            )
            for target, target_type, action, actor, when, note in self.pending
        ]
        db.session.add_all(rows)
        self.pending.clear()
        return len(rows)
