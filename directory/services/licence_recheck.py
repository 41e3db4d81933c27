"""Re-checking verified licences: the moderators' "Due for re-check" queue and its decisions.

Every verified licence carries ``recheck_due_on`` (its expiry, or LICENCE_RECHECK_MONTHS after
verification). From RECHECK_QUEUE_DAYS before that date it waits in the queue, oldest date
first; past it the licence keeps status ``verified`` but counts for no badge (shown as "due for
re-verification") until a moderator either re-verifies it against the board (a new
verification date and re-check date, audited) or lets it lapse (status ``expired``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from directory.extensions import db
from directory.models import Licence, User
from directory.services import ServiceError
from directory.services.credentials import (
    MAX_YEARS_AHEAD,
    _conclude,
    _licence_to_decide,
    describe,
    refresh_listing_verification,
    stamp_verification,
    tell_owner,
)
from directory.services.moderation import record
from directory.unit_of_work import transactional

RECHECK_QUEUE_DAYS = 30  # a licence joins the queue this many days before its re-check date
QUEUE_LIMIT = 200  # rows shown at once; the page says how many more wait


@dataclass
class RecheckQueue:
    """The licences due for re-check, by date, and how many there are in all."""

    licences: list[Licence]
    total: int
    today: date


def _due_clause(today: date):
    return (
        Licence.status == "verified",
        Licence.recheck_due_on.is_not(None),
        Licence.recheck_due_on <= today + timedelta(days=RECHECK_QUEUE_DAYS),
    )


def due_count(today: date | None = None) -> int:
    """How many verified licences are due (or about to be due) for re-check."""
    today = today or date.today()
    return int(db.session.scalar(select(func.count(Licence.id)).where(*_due_clause(today))) or 0)


def recheck_queue(today: date | None = None, limit: int = QUEUE_LIMIT) -> RecheckQueue:
    """Verified licences whose re-check date is past or within RECHECK_QUEUE_DAYS, earliest
    first, each with its listing: one query for the rows, whatever their number."""
    today = today or date.today()
    rows = db.session.scalars(
        select(Licence)
        .join(Licence.listing)
        # The queue shows the listing's name, place and profession only: its tag lists,
        # licences and owner are not loaded (they would cost a query each kind).
        .options(contains_eager(Licence.listing).lazyload("*"))
        .where(*_due_clause(today))
        .order_by(Licence.recheck_due_on, Licence.id)
        .limit(limit)
    ).all()
    total = len(rows) if len(rows) < limit else due_count(today)
    return RecheckQueue(list(rows), total, today)


def _verified_licence(moderator: User, licence_id: int) -> Licence:
    licence = _licence_to_decide(moderator, licence_id)
    if licence.status != "verified":
        raise ServiceError("Only a verified licence can be re-checked.", "decision")
    return licence


@transactional
def reverify(
    moderator: User,
    licence_id: int,
    note: str = "",
    new_expiry: date | None = None,
    today: date | None = None,
) -> Licence:
    """The moderator looked the licence up with the board and it is still good: stamp a new
    verification date (and expiry, when the board shows a renewed one), audit, tell the owner."""
    today = today or date.today()
    licence = _verified_licence(moderator, licence_id)
    if new_expiry is not None:
        if new_expiry < today:
            raise ServiceError("The new expiry date is in the past.", "expires_on")
        if new_expiry > today + timedelta(days=366 * MAX_YEARS_AHEAD):
            raise ServiceError("Check the expiry date; it is too far in the future.", "expires_on")
        licence.expires_on = new_expiry
    elif licence.expires_on is not None and licence.expires_on < today:
        raise ServiceError(
            f"This licence expired on {licence.expires_on:%d %b %Y}: enter the renewed expiry "
            "date the board shows, or let it lapse.",
            "expires_on",
        )
    note = (note or "").strip()
    stamp_verification(licence, moderator, today)
    refresh_listing_verification(licence.listing)
    audit_note = note or f"Checked with the board; next re-check {licence.recheck_due_on}"
    if new_expiry is not None:
        audit_note += f" (expiry now {new_expiry})"
    record(moderator, "licence_reverified", "licence", licence.id, audit_note)
    tell_owner(
        licence,
        f"Your {describe(licence)} was checked again with the board and is verified until "
        f"{licence.recheck_due_on:%d %b %Y}.",
        kind="licence",
    )
    return licence


@transactional
def let_lapse(moderator: User, licence_id: int, note: str = "") -> Licence:
    """The board no longer confirms the licence (or it was not renewed): it becomes expired."""
    licence = _verified_licence(moderator, licence_id)
    note = (note or "").strip() or "Not confirmed at re-check"
    _conclude(
        moderator,
        licence,
        "expired",
        note,
        f"Your {describe(licence)} could not be confirmed at its re-check ({note}). "
        "Submit a current licence to get the verified badge back.",
    )
    return licence
