"""The licence calendar: lapsed licences expire, owners hear 30 days ahead (``flask credentials
expire`` runs this daily from cron). Both steps are idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from directory.extensions import db
from directory.models import Licence, Listing
from directory.services import notifications
from directory.services.credentials import (
    describe,
    move,
    refresh_listing_verification,
    tell_owner,
)
from directory.services.moderation import record

NOTICE_DAYS = 30


def expire_lapsed(today: date | None = None) -> list[Licence]:
    """Mark verified licences past their expiry date expired; returns those changed.

    Idempotent: a second run on the same day finds nothing. Listings whose badge outlived
    its licence (``verified_until`` in the past) are recomputed too.
    """
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
    stale = db.session.scalars(
        select(Listing).where(Listing.verified.is_(True), Listing.verified_until < today)
    ).all()
    for listing in stale:
        listings[listing.id] = listing
    for listing in listings.values():
        refresh_listing_verification(listing, today)
    notifications.commit()
    return lapsed


def send_expiry_notices(today: date | None = None, days: int = NOTICE_DAYS) -> list[Licence]:
    """Tell owners, once per licence, that a verified licence expires within ``days``."""
    today = today or date.today()
    due = list(
        db.session.scalars(
            select(Licence)
            .where(
                Licence.status == "verified",
                Licence.expires_on >= today,
                Licence.expires_on <= today + timedelta(days=days),
                Licence.expiry_notice_sent_on.is_(None),
            )
            .order_by(Licence.expires_on, Licence.id)
        ).all()
    )
    for licence in due:
        licence.expiry_notice_sent_on = today
        tell_owner(
            licence,
            f"Your {describe(licence)} expires on {licence.expires_on:%d %b %Y}. "
            "Submit the renewed licence before then to keep the verified badge.",
            kind="licence",
        )
    notifications.commit()
    return due
