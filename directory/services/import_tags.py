"""The tag lists of the listings an import batch creates, written per table, not per listing.

Each new listing's four tag lists (treatments, concerns, devices, skin types), assigned through
the ORM, fired collection events and made the flush sort out one link row at a time: about a
tenth of an import's time. A new listing has no stored links to compare with, so its lists
are set as already loaded (no events, nothing for the flush to do) and the link rows are
inserted after the flush, one statement per table for the whole batch, in the same
transaction.

Listings that already exist keep the ORM's path: their lists are compared with what is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from directory.extensions import Model
from directory.models import Concern, Device, Listing, SkinType, Treatment
from directory.models.listings import (
    listing_concerns,
    listing_devices,
    listing_skin_types,
    listing_treatments,
)

# tag list -> (catalogue model, its key, the link table, the link table's key column)
TAG_LISTS: dict[str, tuple[type[Model], str, Table, str]] = {
    "treatments": (Treatment, "slug", listing_treatments, "treatment_slug"),
    "concerns": (Concern, "slug", listing_concerns, "concern_slug"),
    "devices": (Device, "slug", listing_devices, "device_slug"),
    "skin_types": (SkinType, "number", listing_skin_types, "skin_type"),
}


class NewListingTags:
    """The tag lists of one import batch's new listings, until their link rows are written."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._links: list[tuple[Listing, str, list[Any]]] = []

    def set(self, listing: Listing, chosen: Mapping[str, Sequence[Any]]) -> None:
        """Give a new listing its tag lists: catalogue objects by list name. A list not named
        is empty."""
        for name in TAG_LISTS:
            objects = list(chosen.get(name, ()))
            set_committed_value(listing, name, objects)
            if objects:
                self._links.append((listing, name, objects))

    def flush(self) -> None:
        """Flush the session (every listing of the batch, new or not), then insert the new
        listings' link rows."""
        self.session.flush()
        rows: dict[str, list[dict[str, Any]]] = {}
        for listing, name, objects in self._links:
            _model, key, _table, column = TAG_LISTS[name]
            rows.setdefault(name, []).extend(
                {"listing_id": listing.id, column: getattr(obj, key)} for obj in objects
            )
        self._links = []
        for name, values in rows.items():
            self.session.execute(insert(TAG_LISTS[name][2]), values)
