"""Importing practitioners from JSON Lines (CONTRACT sections 1 and 4).

Lines are checked one by one (``import_validation``), then upserted by ``external_id`` in
batches: one query loads a batch's existing listings, one commit saves it. In strict mode the
whole file is one transaction, committed only when every line is valid.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from directory import unit_of_work
from directory.extensions import db
from directory.models import Device, Listing
from directory.models.base import utcnow
from directory.services.catalogue import sync_catalogue
from directory.services.credentials import refresh_listing_verification
from directory.services.import_licences import upsert_licences
from directory.services.import_new_listings import TAG_LISTS, NewListings
from directory.services.import_validation import (
    Catalogue,
    InvalidLine,
    ListingRecord,
    decode,
    parse_data,
)
from directory.slugs import unique_slug

BATCH_SIZE = 1000  # lines per commit outside strict mode; also one search-index commit each


@dataclass
class ImportReport:
    """What an import did: counts, one ``line N: reason`` per rejected line, notes."""

    strict: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # stored listings the line left exactly as they were
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    claimed_verified: int = 0  # licences a saved line called verified, imported as pending

    @property
    def ok(self) -> bool:
        """True when every line was imported."""
        return not self.problems

    def messages(self) -> list[str]:
        """Problems and notes together, in line order, then what became of "verified" claims."""
        messages = sorted((*self.problems, *self.notes), key=_line_number)
        if self.claimed_verified:
            count = self.claimed_verified
            messages.append(
                f'note: {count} licence{" says" if count == 1 else "s say"} "verified"; an '
                "import never verifies, so they wait as pending in the moderators' credential "
                "queue, marked with this file and line."
            )
        return messages

    @property
    def summary(self) -> str:
        """The one-line summary the command prints."""
        updated = self.updated + self.unchanged  # the JSONL summary counts both as updated
        return f"created {self.created}, updated {updated}, rejected {self.rejected}"


Numbered = tuple[int, ListingRecord]


def import_practitioners(
    lines: Iterable[bytes],
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
    source: str = "the import file",
) -> ImportReport:
    """Import raw JSONL lines (bytes); ``progress`` is told each line's size in bytes.

    Invalid lines are reported and skipped. With ``strict`` nothing is written unless every
    line is valid. Lines are numbered from 1; blank lines are ignored but counted. ``source``
    names the file on licences a line claims are verified (they arrive pending)."""
    sync_catalogue()
    run = _Run(strict, today or date.today(), source)
    with _collect_per_batch():
        for number, raw in enumerate(lines, 1):
            run.take(number, raw)
            if progress is not None:
                progress(len(raw))
        run.finish()
    return run.report


@contextmanager
def _collect_per_batch() -> Iterator[None]:
    """Python's automatic collections rescan every ORM object of the import again and again
    (about 40% of the time); instead the young objects are collected after each batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Run:
    """The state of one import: catalogue, taken slugs, ids seen, the batch being built.

    Other sources (the NPI registry) subclass it: they feed decoded records to ``take_data``,
    name their units (``row``) and decide in ``new_listing`` what a record creates and in
    ``assign`` what it may change."""

    unit = "line"  # how messages name a numbered input unit

    def __init__(self, strict: bool, today: date, source: str) -> None:
        self.strict, self.today, self.source = strict, today, source
        self.report = ImportReport(strict=strict)
        self.catalogue = Catalogue.load()
        # Every slug in use, read once: new slugs are then chosen without a query each.
        self.slugs: set[str] = set(db.session.scalars(select(Listing.slug)))
        self.seen: dict[str, int] = {}
        self.batch: list[Numbered] = []
        self.number = 0  # the input unit being assigned, for messages and licence sources
        # created, updated, unchanged, licences claimed verified: flushed, not yet committed
        # (strict mode)
        self.pending = [0, 0, 0, 0]
        self.claimed: list[str] = []  # slugs taken by the batch being saved
        self.tags: dict[str, dict] = {}  # the catalogue objects, read again per batch

    def take(self, number: int, raw: bytes) -> None:
        """Check one line and queue it, or record why it is rejected."""
        if not raw.strip():
            return
        try:
            data = decode(raw, first=number == 1)
        except InvalidLine as error:
            self.reject(number, error.reasons)
            return
        self.take_data(number, data)

    def take_data(self, number: int, data: dict) -> None:
        """Check one decoded record and queue it, or record why it is rejected."""
        record, reasons, external_id = None, [], None
        try:
            record = parse_data(data, self.catalogue, self.today)
            external_id = record.external_id
        except InvalidLine as error:
            reasons, external_id = error.reasons, error.external_id
        if external_id:
            first = self.seen.setdefault(external_id, number)
            if first != number:
                reasons = [
                    *reasons,
                    f'duplicate external_id "{external_id}" (first on line {first})',
                ]
        if reasons or record is None:
            self.reject(number, reasons)
            return
        self.report.notes.extend(f"{self.unit} {number}: note: {note}" for note in record.notes)
        self.batch.append((number, record))
        if len(self.batch) >= BATCH_SIZE:
            self.save_batch()

    def reject(self, number: int, reasons: list[str]) -> None:
        self.report.rejected += 1
        self.report.problems.append(f"{self.unit} {number}: {'; '.join(reasons)}")

    def save_batch(self) -> None:
        """Write the queued lines: committed now, or (strict) flushed into the one transaction."""
        batch, self.batch = self.batch, []
        if batch:
            self._save(batch)
            gc.collect(1)  # only what this batch created; older survivors are not rescanned

    def _save(self, batch: list[Numbered]) -> None:
        if self.strict:
            if not self.report.rejected:  # after a bad line nothing will be kept: stop writing
                for position, count in enumerate(self._apply(batch)):
                    self.pending[position] += count
            return
        self.claimed = []
        try:
            counts = self._apply(batch)
            unit_of_work.commit()
        except SQLAlchemyError as error:
            unit_of_work.rollback()
            self.slugs.difference_update(self.claimed)  # the failed batch's slugs are free again
            if len(batch) == 1:
                self.reject(batch[0][0], [f"could not be saved ({_short(error)})"])
            else:  # find the line the database refused, and save the others
                for item in batch:
                    self._save([item])
            return
        self._add(*counts)

    def finish(self) -> None:
        """Save the last batch; in strict mode commit everything or nothing."""
        self.save_batch()
        self.report.problems.sort(key=_line_number)  # a retried batch reports out of order
        if not self.strict:
            return
        if self.report.rejected:
            unit_of_work.rollback()
            return
        try:
            unit_of_work.commit()
        except SQLAlchemyError as error:
            unit_of_work.rollback()
            self.report.problems.append(f"the database refused the import ({_short(error)})")
            return
        self._add(*self.pending)

    def _add(self, created: int, updated: int, unchanged: int, claimed: int = 0) -> None:
        """Count what was committed."""
        self.report.created += created
        self.report.updated += updated
        self.report.unchanged += unchanged
        self.report.claimed_verified += claimed

    def _apply(self, batch: list[Numbered]) -> tuple[int, int, int, int]:
        """Upsert a batch into the session and flush; returns (created, updated, unchanged,
        licences claimed verified)."""
        tags = {
            name: {getattr(obj, key): obj for obj in db.session.scalars(select(model))}
            for name, (model, key, _table, _column) in TAG_LISTS.items()
        }
        ids = [record.external_id for _, record in batch]
        existing = {
            listing.external_id: listing
            for listing in db.session.scalars(select(Listing).where(Listing.external_id.in_(ids)))
        }
        now, updated = utcnow(), 0
        self.tags = tags
        devices: dict[str, Device] = tags["devices"]  # type: ignore[assignment]
        new = NewListings(db.session(), {slug: d.name for slug, d in devices.items()})
        for number, record in batch:
            self.number = number
            listing = existing.get(record.external_id)
            if listing is None:
                fields, chosen = self.new_listing(record)
                fields = {**fields, "external_id": record.external_id, "slug": self._slug(record)}
                new.add(fields, chosen, record.licences or (), self._licence_source())
                continue
            self.assign(listing, record, now)
            # An unchanged listing (a repeated nightly export) costs search nothing; a changed
            # one is marked for search by refresh_listing_verification.
            if _modified(listing):
                refresh_listing_verification(listing)
                updated += 1
        db.session.flush()
        created = new.write(now)
        claimed = sum(lic.claimed_verified for _, record in batch for lic in record.licences or ())
        return created, updated, len(batch) - created - updated, claimed

    def new_listing(self, record: ListingRecord) -> tuple[dict[str, Any], dict[str, list]]:
        """A record with no listing yet: the columns and tag lists (catalogue keys) of the
        listing it creates."""
        return record.fields, record.tags

    def assign(self, listing: Listing, record: ListingRecord, now: datetime) -> None:
        """Copy a record onto its stored listing: every column, tag list and licence it
        names."""
        for name, value in record.fields.items():
            setattr(listing, name, value)
        for name, keys in record.tags.items():
            setattr(listing, name, [self.tags[name][key] for key in keys])
        if record.licences:
            upsert_licences(listing, record.licences, now, self._licence_source())

    def _licence_source(self) -> str:
        """Where the unit being assigned came from, as a licence's claim records it."""
        return f"{self.source}, {self.unit} {self.number}"

    def _slug(self, record: ListingRecord) -> str:
        slug = unique_slug(record.fields["name"], record.fields["city"], self.slugs.__contains__)
        self.slugs.add(slug)
        self.claimed.append(slug)
        return slug


def _modified(listing: Listing) -> bool:
    """Whether the line changed any column, tag list or licence of a stored listing."""
    return db.session.is_modified(listing) or any(
        licence.id is None or db.session.is_modified(licence) for licence in listing.licences
    )


def _line_number(problem: str) -> int:
    head = problem.split(":", 1)[0]
    word, _, number = head.partition(" ")
    return int(number) if word in ("line", "row") and number.isdigit() else 0


def _short(error: SQLAlchemyError) -> str:
    """The database's own message, first line only."""
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0][:200]
