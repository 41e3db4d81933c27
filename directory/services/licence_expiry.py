"""The licence calendar, run daily by ``flask credentials expire`` (from cron). Idempotent.

The badge does not wait for this job: it compares ``Listing.verified_until`` with today
wherever it is shown. The job changes what the calendar implies: licences past their expiry
become ``expired``; owners hear 90 and 30 days before a licence's re-check date (its expiry, or
the periodic re-check of a licence without one), each reminder once per date. A licence past
its re-check date without an expiry keeps status ``verified`` and waits in the moderators'
"Due for re-check" queue, counting for no badge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from directory.extensions import db
from directory.models import Licence, Listing
from directory.services.credentials import (
    describe,
    move,
    refresh_listing_verification,
    tell_owner,
)
from directory.services.moderation import record
from directory.unit_of_work import transactional

NOTICE_DAYS = (90, 30)  # reminders before the re-check date, earliest first


@dataclass
class Notice:
    """One reminder sent: the licence and how many days ahead it was."""

    licence: Licence
    days: int


@dataclass
class CalendarRun:
    """What one run changed."""

    expired: list[Licence] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    overdue: int = 0  # verified licences past their re-check date, waiting for moderators


def run_calendar(today: date | None = None) -> CalendarRun:
    """Expire lapsed licences, send due reminders, count overdue re-checks."""
    today = today or date.today()
    return CalendarRun(
        expired=expire_lapsed(today),
        notices=send_recheck_notices(today),
        overdue=overdue_rechecks(today),
    )


@transactional
def expire_lapsed(today: date | None = None) -> list[Licence]:
    """Mark verified licences past their expiry date expired; returns those changed.

    Idempotent: a second run on the same day finds nothing."""
    today = today or date.today()
    lapsed = list(
        db.session.scalars(
            select(Licence)
            .where(Licence.status == "verified", Licence.expires_on < today)
            .order_by(Licence.expires_on, Licence.id)
        ).all()
    )
    listings: dict[int, Listing] = {}
    for licence in lapsed:
        move(licence, "expired")
        listings[licence.listing.id] = licence.listing
        record(None, "licence_expired", "licence", licence.id, f"Expired on {licence.expires_on}")
        tell_owner(
            licence,
            f"Your {describe(licence)} expired on {licence.expires_on:%d %b %Y}. "
            "Submit the renewed licence to keep the verified badge.",
            kind="licence",
        )
    for listing in listings.values():
        refresh_listing_verification(listing)
    return lapsed


def _reminder(licence: Licence) -> str:
    day = f"{licence.recheck_due_on:%d %b %Y}"
    if licence.expires_on is not None and licence.expires_on == licence.recheck_due_on:
        return (
            f"Your {describe(licence)} expires on {day}. "
            "Submit the renewed licence before then to keep the verified badge."
        )
    return (
        f"Your {describe(licence)} is due for its periodic re-check on {day}: a moderator will "
        f"look it up with {licence.authority} again. If anything about it changed, submit the "
        "current licence before then; until it is re-checked the listing shows no verified badge."
    )


@transactional
def send_recheck_notices(today: date | None = None) -> list[Notice]:
    """Remind owners 90 and 30 days before a verified licence's re-check date, each once.

    A licence already inside 30 days gets only the 30-day reminder (its 90-day one is then
    marked as sent too), so catching up after missed runs never sends two at once."""
    today = today or date.today()
    early_days, late_days = NOTICE_DAYS
    sent: list[Notice] = []
    stages = (
        (late_days, 0, Licence.expiry_notice_sent_on),
        (early_days, late_days + 1, Licence.early_notice_sent_on),
    )
    for days, nearest, stamp in stages:
        due = db.session.scalars(
            select(Licence)
            .where(
                Licence.status == "verified",
                Licence.recheck_due_on >= today + timedelta(days=nearest),
                Licence.recheck_due_on <= today + timedelta(days=days),
                stamp.is_(None),
            )
            .order_by(Licence.recheck_due_on, Licence.id)
        ).all()
        for licence in due:
            licence.early_notice_sent_on = licence.early_notice_sent_on or today
            if days == late_days:
                licence.expiry_notice_sent_on = today
            tell_owner(licence, _reminder(licence), kind="licence")
            sent.append(Notice(licence, days))
    return sent


def overdue_rechecks(today: date | None = None) -> int:
    """Verified licences past their re-check date (no badge until a moderator acts)."""
    today = today or date.today()
    overdue = select(func.count(Licence.id)).where(
        Licence.status == "verified", Licence.recheck_due_on < today
    )
    return int(db.session.scalar(overdue) or 0)
