"""Listings from the national provider registry (``flask import npi``), through the
practitioner import: each provider becomes a line of the import format (CONTRACT section 4),
checked by ``import_validation`` and placed by the gazetteer, then upserted in batches of
``imports.BATCH_SIZE`` with one commit each.

What the registry owns and what the owner owns: a listing remembers, in ``registry_data``, the
values NPPES last gave it. A later file changes a field only while the listing still holds
that value; once the owner has edited it, the owner's value stays. The location (address,
city, state, ZIP, coordinates) moves as one group, so an edited address never gets another
file's city. Nothing else is set: no treatments, devices, prices or bio (no invented facts).

A deactivated NPI hides its listing (kept, with the reason; search drops it and its profile
says it is unavailable); a later file that shows the NPI active again brings it back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from directory import boards, places, unit_of_work, vocabulary
from directory.extensions import db
from directory.models import Listing
from directory.models.base import utcnow
from directory.npi import sources, taxonomy
from directory.npi.sources import BadRow, NpiRecord
from directory.services.catalogue import sync_catalogue
from directory.services.import_licences import upsert_licences
from directory.services.import_validation import ListingRecord
from directory.services.imports import BATCH_SIZE, ImportReport, _collect_per_batch, _Run
from directory.services.moderation import record as audit

ONE_FIELD_GROUPS = (("name",), ("credentials",), ("profession",), ("phone",))
LOCATION_GROUP = ("address", "city", "state", "postal_code", "country", "lat", "lon")
FIELD_GROUPS = (*ONE_FIELD_GROUPS, LOCATION_GROUP)
DEACTIVATED = "NPI deactivated"  # the start of every hidden_reason this import writes
EXTERNAL_PREFIX = "npi:"


@dataclass(frozen=True)
class NpiFilters:
    """Which providers to import: taxonomy code prefixes (None: all) and states (None: all)."""

    taxonomies: tuple[str, ...] | None = taxonomy.DEFAULT_FILTER
    states: frozenset[str] | None = None

    def wants_codes(self, codes: list[str]) -> bool:
        """The cheap test on a raw row's codes (the state is checked after parsing)."""
        return taxonomy.matches(codes, self.taxonomies)

    def keeps(self, record: NpiRecord) -> bool:
        if not taxonomy.matches(record.codes, self.taxonomies):
            return False
        return self.states is None or places.state_code(record.state) in self.states


@dataclass
class NpiReport(ImportReport):
    """An import report plus what only the registry import does."""

    rows: int = 0
    skipped: int = 0  # outside the filters (or deactivated NPIs we never listed)
    hidden: int = 0
    shown: int = 0

    @property
    def summary(self) -> str:
        return (
            f"rows {self.rows}: created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, hidden {self.hidden}, shown again {self.shown}, "
            f"skipped {self.skipped}, rejected {self.rejected}"
        )


def import_npi_file(
    path: Path,
    filters: NpiFilters | None = None,
    progress: sources.Progress | None = None,
    today: date | None = None,
) -> NpiReport:
    """Import one registry file (API JSON, NPPES CSV or deactivation report).

    Raises ``sources.UnreadableFile`` when the file as a whole cannot be read."""
    sync_catalogue()
    run = _NpiRun(filters or NpiFilters(), today or date.today(), Path(path).name)
    with _collect_per_batch():
        for item in sources.read(path, progress, run.filters.wants_codes):
            run.take_item(item)
        run.finish()
    return run.report


class _NpiRun(_Run):
    """One file's import: providers in, listings out, with the registry's ownership rules."""

    unit = "row"

    def __init__(self, filters: NpiFilters, today: date, source: str) -> None:
        super().__init__(strict=False, today=today, source=source)
        self.report: NpiReport = NpiReport()
        self.filters = filters
        self.records: dict[str, NpiRecord] = {}  # external_id -> provider, current batch only
        self.deactivations: list[NpiRecord] = []

    def take_item(self, item: sources.Item) -> None:
        """Filter one provider, then queue it as an import line (or its deactivation)."""
        self.report.rows += 1
        if isinstance(item, sources.Skipped):
            self.report.skipped += 1
            return
        if isinstance(item, BadRow):
            self.reject(item.row, [item.reason])
            return
        if not item.active:
            self.deactivations.append(item)
            if len(self.deactivations) >= BATCH_SIZE:
                self.save_deactivations()
            return
        if not self.filters.keeps(item):
            self.report.skipped += 1
            return
        external_id = EXTERNAL_PREFIX + item.npi
        self.records[external_id] = item
        self.take_data(item.row, import_line(item))

    def save_batch(self) -> None:
        super().save_batch()
        self.records.clear()
        # NPPES has one row per NPI; remembering every id of a 9-million-row file to report
        # repeats would grow without bound, so repeats are only caught within a batch.
        self.seen.clear()

    def finish(self) -> None:
        super().finish()
        self.save_deactivations()

    def new_listing(self, record: ListingRecord) -> tuple[dict[str, Any], dict[str, list]]:
        """A new listing gets what the registry owns, and no tag lists (the registry names
        none)."""
        fields = {
            name: record.fields[name]
            for group in FIELD_GROUPS
            for name in group
            if name in record.fields
        }
        fields["registry_data"] = self._registry_data(record)
        return fields, {}

    def assign(self, listing: Listing, record: ListingRecord, now: datetime) -> None:
        """Copy what the registry owns, unless the owner changed it since the last file."""
        previous = json.loads(listing.registry_data) if listing.registry_data else None
        for group in FIELD_GROUPS:
            present = [name for name in group if name in record.fields]
            if present and _still_from_registry(listing, group, previous):
                for name in present:
                    setattr(listing, name, record.fields[name])
        if record.licences:
            upsert_licences(listing, record.licences, now, self._licence_source())
        provider = self.records.get(record.external_id)
        snapshot = self._registry_data(record)
        if listing.registry_data != snapshot:
            listing.registry_data = snapshot
        if provider is not None and _reactivated(listing, provider):
            listing.hidden_at, listing.hidden_reason = None, None
            audit(None, "listing_shown", "listing", listing.id, "NPI active again in NPPES")
            self.report.shown += 1

    def _registry_data(self, record: ListingRecord) -> str:
        """What the registry gives the listing now, as stored to compare the next file with."""
        provider = self.records.get(record.external_id)
        return json.dumps(_snapshot(record, provider), sort_keys=True)

    def save_deactivations(self) -> None:
        """Hide the listings of deactivated NPIs (one query and one commit per batch)."""
        batch, self.deactivations = self.deactivations, []
        if not batch:
            return
        wanted = {EXTERNAL_PREFIX + item.npi: item for item in batch}
        found = db.session.scalars(select(Listing).where(Listing.external_id.in_(list(wanted))))
        listed = 0
        now = utcnow()
        for listing in found:
            listed += 1
            item = wanted[listing.external_id or ""]
            reason = f"{DEACTIVATED} on {item.deactivated_on:%Y-%m-%d} (NPPES)"
            if listing.hidden_reason == reason:
                self.report.unchanged += 1
                continue
            listing.hidden_at, listing.hidden_reason = now, reason
            audit(None, "listing_hidden", "listing", listing.id, reason)
            self.report.hidden += 1
        self.report.skipped += len(wanted) - listed
        unit_of_work.commit()


def _reactivated(listing: Listing, provider: NpiRecord) -> bool:
    """Whether the provider's row shows the NPI active again after the listing was hidden for
    its deactivation: a reactivation date, or an update made after the deactivation (an
    older file run again must not undo a newer deactivation report)."""
    reason = listing.hidden_reason or ""
    if listing.hidden_at is None or not reason.startswith(DEACTIVATED):
        return False
    found = re.search(r"\d{4}-\d{2}-\d{2}", reason)
    if found is None:
        return True
    deactivated = date.fromisoformat(found.group(0))
    try:
        since = provider.reactivated_on or sources.npi_date(provider.last_update)
    except ValueError:
        since = None
    return since is not None and since >= deactivated


def _still_from_registry(
    listing: Listing, group: tuple[str, ...], previous: dict[str, Any] | None
) -> bool:
    """Whether the group still holds what the registry last gave it (nobody edited it)."""
    if previous is None:  # listed before by other means: the registry may fill an unowned one
        return listing.owner_id is None
    return all(getattr(listing, name) == previous[name] for name in group if name in previous)


def _snapshot(record: ListingRecord, provider: NpiRecord | None) -> dict[str, Any]:
    fields = record.fields
    data: dict[str, Any] = {
        name: fields[name] for group in FIELD_GROUPS for name in group if name in fields
    }
    if provider is not None:
        data["npi"] = provider.npi
        data["organisation"] = provider.organisation
        data["last_update"] = provider.last_update
        data["taxonomies"] = [
            [tax.code, tax.primary, tax.licence, tax.state] for tax in provider.taxonomies
        ]
    return data


# -- a provider as an import line ------------------------------------------------------------


def import_line(item: NpiRecord) -> dict[str, Any]:
    """One provider in the import format (CONTRACT section 4): only what NPPES states."""
    deciding = _deciding_taxonomy(item)
    profession = (taxonomy.profession_of(deciding.code) if deciding else None) or "other"
    line: dict[str, Any] = {
        "external_id": EXTERNAL_PREFIX + item.npi,
        "name": item.name,
        "credentials": item.credentials,
        "profession": profession,
        "address": item.address,
        "city": item.city,
        "state": item.state,
        "postal_code": item.postal_code,
        "country": item.country,
        "phone": item.phone,
    }
    licence = _licence(deciding, profession)
    if licence:
        line["licences"] = [licence]
    return line


def _deciding_taxonomy(item: NpiRecord) -> sources.Taxonomy | None:
    """The primary taxonomy, unless it maps to no profession and a secondary one does."""
    ordered = item.ordered_taxonomies()
    for candidate in ordered:
        if taxonomy.profession_of(candidate.code):
            return candidate
    return ordered[0] if ordered else None


def _licence(deciding: sources.Taxonomy | None, profession: str) -> dict[str, str] | None:
    """The deciding taxonomy's licence as a pending licence with its state board."""
    if deciding is None or deciding.licence.upper() in sources.NO_LICENCE:
        return None
    state = deciding.state
    if state not in vocabulary.US_STATES:
        return None
    return {
        "type": deciding.name or taxonomy.name_of(deciding.code),
        "number": deciding.licence[:60],
        "authority": board_name(state, profession),
        "jurisdiction": f"US-{state}",
        "status": "pending",
    }


def board_name(state: str, profession: str) -> str:
    """The board that licenses ``profession`` in ``state`` (directory/boards.py), else a
    neutral description a moderator can act on."""
    kind = taxonomy.BOARD_KINDS.get(profession)
    for board in boards.boards_in(state):
        if kind in board.kinds:
            return board.name
    return f"{vocabulary.US_STATES[state]} licensing board"
