"""The listings an import batch creates, written as rows: one INSERT per table per batch.

Through the ORM, each new listing was an object with thirty instrumented attributes, cascaded
into the session, sorted by the unit of work, inserted and read back, and then read attribute by
attribute again to build its search document: about half of an import's time. A new listing has
nothing stored to compare with, so none of that is needed. Its values (the line's fields over
the columns' defaults) are inserted with its link rows and licences, one executemany statement
per table for the whole batch, in the import's transaction; its search document is built from
the same values and handed to ``indexing`` for the change log, as an ORM write would be.

Listings that already exist keep the ORM's path (``imports._Run.assign``): their values are
compared with what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Column, Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ColumnDefault

from directory import indexing
from directory.extensions import Model
from directory.models import Concern, Device, Licence, Listing, SkinType, Treatment
from directory.models.credentials import licence_valid_through
from directory.models.listings import (
    listing_concerns,
    listing_devices,
    listing_skin_types,
    listing_treatments,
)
from directory.search_documents import build_document
from directory.services.import_licences import LicenceRecord, new_licence_row
from search import SearchDocument

# tag list -> (catalogue model, its key, the link table, the link table's key column)
TAG_LISTS: dict[str, tuple[type[Model], str, Table, str]] = {
    "treatments": (Treatment, "slug", listing_treatments, "treatment_slug"),
    "concerns": (Concern, "slug", listing_concerns, "concern_slug"),
    "devices": (Device, "slug", listing_devices, "device_slug"),
    "skin_types": (SkinType, "number", listing_skin_types, "skin_type"),
}
# Filled by the database or its column default on INSERT, as for an ORM object left alone.
_LEFT_TO_INSERT = frozenset(("id", "created_at", "updated_at"))


@dataclass(frozen=True)
class _NewListing:
    values: dict[str, Any]  # column -> value, every column but _LEFT_TO_INSERT
    tags: Mapping[str, Sequence[Any]]  # tag list -> catalogue keys
    licences: Sequence[LicenceRecord]
    source: str  # file and line, kept on a licence the line claims is verified


class NewListings:
    """The new listings of one import batch, until ``write`` inserts them."""

    def __init__(self, session: Session, device_names: Mapping[str, str]) -> None:
        self.session = session
        self.device_names = device_names  # device slug -> name, for the search documents
        self._pending: list[_NewListing] = []

    def add(
        self,
        fields: Mapping[str, Any],
        tags: Mapping[str, Sequence[Any]],
        licences: Sequence[LicenceRecord],
        source: str,
    ) -> None:
        """Queue a listing: its column values (any column left out gets the column's
        default), its tag lists by catalogue key, its licences and where they came from."""
        unknown = set(fields) - set(_DEFAULTS)
        if unknown:
            raise ValueError(f"not listing columns: {', '.join(sorted(unknown))}")
        values = {name: make() for name, make in _DEFAULTS.items()}
        for name, value in fields.items():
            # The ORM leaves a None out of its INSERT, so the column default applies (a JSON
            # column stores JSON null instead).
            if value is not None or name in _NULL_KEPT:
                values[name] = value
        # A licence the import adds has no re-check date yet (a moderator sets it).
        through = [licence_valid_through(lic.status, lic.expires_on, None) for lic in licences]
        values["verified_until"] = max((day for day in through if day), default=None)
        self._pending.append(_NewListing(values, tags, licences, source))

    def write(self, now: datetime) -> int:
        """Insert the queued listings, their link rows and licences, and record their search
        documents; returns how many were inserted. Nothing is committed."""
        pending, self._pending = self._pending, []
        if not pending:
            return 0
        statement = insert(_LISTINGS).returning(_LISTINGS.c.id, sort_by_parameter_order=True)
        ids = list(self.session.scalars(statement, [item.values for item in pending]))
        links: dict[str, list[dict[str, Any]]] = {name: [] for name in TAG_LISTS}
        licences: list[dict[str, Any]] = []
        documents = []
        for listing_id, item in zip(ids, pending, strict=True):
            for name, keys in item.tags.items():
                column = TAG_LISTS[name][3]
                links[name].extend({"listing_id": listing_id, column: key} for key in keys)
            licences.extend(
                new_licence_row(listing_id, record, now, item.source) for record in item.licences
            )
            documents.append(self._document(listing_id, item))
        for name, rows in links.items():
            if rows:
                self.session.execute(insert(TAG_LISTS[name][2]), rows)
        if licences:
            self.session.execute(insert(_LICENCES), licences)
        indexing.documents_written(documents)
        return len(ids)

    def _document(self, listing_id: int, item: _NewListing) -> SearchDocument:
        tags = item.tags
        devices = {slug: self.device_names[slug] for slug in tags.get("devices", ())}
        return build_document(
            {**item.values, "id": listing_id},
            tags.get("treatments", ()),
            tags.get("concerns", ()),
            devices,
            tags.get("skin_types", ()),
        )


def _default_of(column: Column[Any]) -> Callable[[], Any]:
    """What an INSERT that leaves ``column`` out stores, as a function (a fresh list or dict
    each time for the JSON columns)."""
    default = column.default
    if not isinstance(default, ColumnDefault):  # no Python-side default: NULL
        return lambda: None
    arg = default.arg
    if default.is_callable:  # SQLAlchemy wraps the callable to take the execution context
        return lambda: arg(None)
    return lambda: arg


_LISTINGS = cast(Table, Listing.__table__)
_LICENCES = cast(Table, Licence.__table__)
_COLUMNS = [c for c in _LISTINGS.columns if c.name not in _LEFT_TO_INSERT]
_DEFAULTS: dict[str, Callable[[], Any]] = {c.name: _default_of(c) for c in _COLUMNS}
_NULL_KEPT = frozenset(c.name for c in _COLUMNS if isinstance(c.type, JSON))
