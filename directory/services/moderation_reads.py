"""What the moderation pages open by id: one read per record, so views never query.

Each returns None for an unknown id (the view answers 404). Queues and lists have their own
loaders in the service of their workflow (``credentials.pending_queue``,
``claims.pending_queue``, ``reports.report_queue``, ``licence_recheck.recheck_queue``).
"""

from __future__ import annotations

from directory.extensions import db
from directory.models import Licence, ListingClaim, Report, User


def licence(licence_id: int) -> Licence | None:
    """A licence in any status, for its decision or re-check page."""
    return db.session.get(Licence, licence_id)


def claim(claim_id: int) -> ListingClaim | None:
    """A listing claim in any status, for its decision page."""
    return db.session.get(ListingClaim, claim_id)


def report(report_id: int) -> Report | None:
    """A report in any status, for its decision page."""
    return db.session.get(Report, report_id)


def account(user_id: int) -> User | None:
    """Any account, suspended or not, for its moderation page."""
    return db.session.get(User, user_id)
