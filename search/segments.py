"""In-memory arrays of one immutable Whoosh segment: postings, field lengths, number columns.

A segment never changes once written (only its deletion set does, and that is handled per
generation by ``generation.py``), so everything read here is cached by segment id and shared by
every generation that still contains the segment. After ``apply`` only the new small segment is
read.
Postings are views of the segment's memory-mapped postings table (``postings_table.py``),
written beside Whoosh's files; a segment without one (written before the tables existed) has
them decoded a block at a time from Whoosh's W3 codec by ``whoosh_internals`` (the one module
that touches Whoosh's private parts) and kept in a per-process cache.
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import TermNotFound

from search import whoosh_internals as internals
from search.lru import BoundedLRU
from search.postings_table import PostingsTable
from search.schema import MISSING
from search.whoosh_internals import Postings

POSTINGS_BUDGET = 64 * 1024 * 1024  # bytes of cached postings per process and index


def read_postings(reader, field: str, term: str, scored: bool) -> Postings:
    """All (docnums, frequencies) of a term in one segment, deleted documents included;
    frequencies are None unless ``scored``."""
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return internals.EMPTY_IDS, internals.EMPTY_TF if scored else None
    return internals.read_block_postings(matcher, scored)


def _nbytes(found: Postings) -> int:
    return found[0].nbytes + (found[1].nbytes if found[1] is not None else 0)


class PostingCache(BoundedLRU[tuple[str, str, str, bool], Postings]):
    """Least-recently-used postings of all segments of one index, within a byte budget."""

    def __init__(self, budget: int = POSTINGS_BUDGET) -> None:
        super().__init__(budget, _nbytes)

    def forget_segments(self, keep: set[str]) -> None:
        """Drop the postings of segments no longer in the index."""
        self.drop_where(lambda key: key[0] not in keep)


class SegmentData:
    """Cached arrays of one segment, in segment-local document numbers."""

    def __init__(self, segment_id: str, doc_count_all: int, cache: PostingCache) -> None:
        self.segment_id = segment_id
        self.size = doc_count_all
        self._cache = cache
        self._columns: dict[str, np.ndarray] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self._table: PostingsTable | None = None
        self._table_looked_for = False

    def open_table(self, reader) -> None:
        """Map the segment's postings table, once. Called when a generation opens: a later
        merge may delete the segment's files while the generation still reads them."""
        if not self._table_looked_for:
            self._table = internals.postings_table_of(reader)
            self._table_looked_for = True

    def postings(self, reader, field: str, term: str, scored: bool) -> Postings:
        """(local docnums int32, frequencies uint16 or None) of ``term`` in ``field``."""
        if self._table is not None:
            return internals.table_postings(self._table, reader.schema, field, term, scored)
        key = (self.segment_id, field, term, scored)
        return self._cache.get_or_build(key, lambda: read_postings(reader, field, term, scored))

    # Kept as stored (4 bytes a number, 1 byte a length code). Once a generation has joined
    # every segment's array into one, each segment keeps a view of its part of that array
    # (``adopt``) instead of its own copy: a worker then holds each value once, and the next
    # generation still joins the unchanged segments without reading them again.

    def column(self, reader, name: str) -> np.ndarray:
        """A signed 32-bit number column as int32 values (``MISSING`` where absent)."""
        values = self._columns.get(name)
        if values is None:
            if reader.has_column(name):
                column_reader = reader.column_reader(name, translate=False)
                values = internals.read_fixed_column(
                    column_reader, self.size, ">i4", MISSING, as_type=np.int32
                )
            else:
                values = np.full(self.size, MISSING, dtype=np.int32)
            self._columns[name] = values
        return values

    def adopt(self, name: str, view: np.ndarray, length_codes: bool = False) -> None:
        """Keep ``view`` (this segment's part of a generation's joined array) as the column
        (or the length codes of the field) ``name``, in place of this segment's own copy."""
        (self._lengths if length_codes else self._columns)[name] = view

    def length_codes(self, reader, field: str) -> np.ndarray:
        """Per-document length codes of a scored text field (``BYTE_LENGTHS`` decodes them)."""
        values = self._lengths.get(field)
        if values is None:
            values = internals.field_length_codes(reader, field, self.size)
            self._lengths[field] = values
        return values
