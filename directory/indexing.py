"""The one bridge between the database and search/ (ARCHITECTURE: a write, end to end).

Services call ``listing_changed(listing)`` (or ``listing_deleted``) before their commit; the
change-log row lands in the same transaction. After the commit, ``apply_pending()`` moves
pending rows into the index with a short lock wait; a busy or broken index leaves them pending.
"""

from __future__ import annotations

from directory.models import Listing


def listing_changed(listing: Listing) -> None:
    """Record the listing's new searchable state in the change log (same transaction)."""


def listing_deleted(listing_id: int) -> None:
    """Record the listing's removal from search in the change log (same transaction)."""


def apply_pending() -> int:
    """Apply pending change-log rows to this process's index; returns how many were applied."""
    return 0
