"""Reading the audit log: filtered, paged, newest first. Entries are never edited here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEntry, User
from directory.services import paging
from directory.services.paging import Paged

SYSTEM_ACTOR = "system"  # filter value for entries written by commands, not people
PER_PAGE = 50


@dataclass
class LogFilters:
    """What the moderator narrowed the log to; empty values mean "any"."""

    action: str = ""
    actor: str = ""  # a user id, or SYSTEM_ACTOR
    target_type: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments, for paging links."""
        args = {
            "action": self.action,
            "actor": self.actor,
            "target_type": self.target_type,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in args.items() if value}


@dataclass
class LogPage(Paged):
    """One page of audit entries."""

    entries: list[AuditEntry] = field(default_factory=list)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _conditions(filters: LogFilters) -> list:
    where = []
    if filters.action:
        where.append(AuditEntry.action == filters.action)
    if filters.actor == SYSTEM_ACTOR:
        where.append(AuditEntry.actor_id.is_(None))
    elif filters.actor.isdigit():
        where.append(AuditEntry.actor_id == int(filters.actor))
    if filters.target_type:
        where.append(AuditEntry.target_type == filters.target_type)
    if filters.date_from:
        where.append(AuditEntry.created_at >= _start_of(filters.date_from))
    if filters.date_to:
        where.append(AuditEntry.created_at < _start_of(filters.date_to + timedelta(days=1)))
    return where


def audit_page(filters: LogFilters, page: int = 1, per_page: int = PER_PAGE) -> LogPage:
    """Entries matching ``filters``, newest first, one page."""
    where = _conditions(filters)
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*where)) or 0
    page = max(1, min(page, paging.page_count(total, per_page)))  # past the end: the last page
    entries, _ = paging.fetch(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        page,
        per_page,
        count=False,
    )
    return LogPage(total, page, per_page, entries=entries)


def known_actions() -> list[str]:
    """Actions that occur in the log, alphabetical."""
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    )


def known_target_types() -> list[str]:
    """Target types that occur in the log, alphabetical."""
    return list(
        db.session.scalars(
            select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)
        ).all()
    )


def known_actors() -> list[User]:
    """People who have entries in the log, by email."""
    ids = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.email)))


def entries_about(target_type: str, target_id: int, limit: int = 20) -> list[AuditEntry]:
    """The latest entries about one target, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        ).all()
    )
