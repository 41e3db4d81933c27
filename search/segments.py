"""In-memory arrays of one immutable Whoosh segment: postings, field lengths, number columns.

A segment never changes once written (only its deletion set does, and that is handled per
generation by ``generation.py``), so everything read here is cached by segment id and shared by
every generation that still contains the segment. After ``apply`` only the new small segment is
read.
Postings are decoded a block at a time straight from Whoosh's W3 codec into numpy arrays; any
other matcher falls back to Whoosh's public matcher API.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from search.schema import MISSING

# Whoosh stores field lengths as one byte; this table turns those bytes back into lengths.
BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_TF = np.zeros(0, dtype=np.uint16)
POSTINGS_BUDGET = 64 * 1024 * 1024  # bytes of cached postings per process and index
Postings = tuple[np.ndarray, np.ndarray | None]  # (docnums int32, frequencies uint16 or None)


def _frequencies(values) -> np.ndarray:
    return np.minimum(np.asarray(values, dtype=np.float32), 65535).astype(np.uint16)


def _read_w3(matcher: W3LeafMatcher, scored: bool) -> Postings:
    ids_parts, tf_parts = [], []
    while not matcher._atend:
        matcher._read_data()
        raw_ids = matcher._data[0]
        if matcher._byteids:
            ids_parts.append(np.asarray(raw_ids, dtype=np.int64))
        else:
            ids_parts.append(np.cumsum(np.asarray(raw_ids, dtype=np.int64)))
        if scored:
            matcher._read_weights()
            tf_parts.append(_frequencies(matcher._weights))
        matcher._next_block()
    ids = np.concatenate(ids_parts).astype(np.int32) if ids_parts else EMPTY_IDS
    tf = (np.concatenate(tf_parts) if tf_parts else EMPTY_TF) if scored else None
    return ids, tf


def _read_generic(matcher, scored: bool) -> Postings:
    ids, tf = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        tf.append(matcher.weight() if scored else 1.0)
        matcher.next()
    return np.asarray(ids, dtype=np.int32), _frequencies(tf) if scored else None


def read_postings(reader, field: str, term: str, scored: bool) -> Postings:
    """All (docnums, frequencies) of a term in one segment, deleted documents included;
    frequencies are None unless ``scored``."""
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return EMPTY_IDS, EMPTY_TF if scored else None
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are applied by the generation's live mask
    if isinstance(matcher, W3LeafMatcher) and type(matcher.format).__name__ in (
        "Frequency",
        "Existence",
    ):
        return _read_w3(matcher, scored)
    return _read_generic(matcher, scored)


def _read_fixed_column(column_reader, count: int, dtype: str, default: int) -> np.ndarray:
    try:  # fast path: Whoosh's NumericColumn is a run of fixed-size big-endian values
        size = column_reader._fixedlen
        stored = column_reader._count
        raw = column_reader._dbfile.get(column_reader._basepos, stored * size)
        values = np.frombuffer(raw, dtype=dtype).astype(np.int64)
    except AttributeError:
        values = np.fromiter(iter(column_reader), dtype=np.int64)
        stored = len(values)
    if stored < count:
        values = np.concatenate([values, np.full(count - stored, default, dtype=np.int64)])
    return values[:count]


def _nbytes(found: Postings) -> int:
    return found[0].nbytes + (found[1].nbytes if found[1] is not None else 0)


class PostingCache:
    """Least-recently-used postings of all segments of one index, within a byte budget."""

    def __init__(self, budget: int = POSTINGS_BUDGET) -> None:
        self.budget = budget
        self._entries: OrderedDict[tuple[str, str, str, bool], Postings] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str, bool]) -> Postings | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, str, bool], found: Postings) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = found
            self._bytes += _nbytes(found)
            while self._bytes > self.budget and len(self._entries) > 1:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= _nbytes(dropped)

    def forget_segments(self, keep: set[str]) -> None:
        """Drop the postings of segments no longer in the index."""
        with self._lock:
            for key in [k for k in self._entries if k[0] not in keep]:
                self._bytes -= _nbytes(self._entries.pop(key))


class SegmentData:
    """Cached arrays of one segment, in segment-local document numbers."""

    def __init__(self, segment_id: str, doc_count_all: int, cache: PostingCache) -> None:
        self.segment_id = segment_id
        self.size = doc_count_all
        self._cache = cache
        self._columns: dict[str, np.ndarray] = {}
        self._lengths: dict[str, np.ndarray] = {}

    def postings(self, reader, field: str, term: str, scored: bool) -> Postings:
        """(local docnums int32, frequencies uint16 or None) of ``term`` in ``field``."""
        key = (self.segment_id, field, term, scored)
        found = self._cache.get(key)
        if found is None:
            found = read_postings(reader, field, term, scored)
            self._cache.put(key, found)
        return found

    def column(self, reader, name: str) -> np.ndarray:
        """A signed 32-bit number column as int64 values (``MISSING`` where absent)."""
        values = self._columns.get(name)
        if values is None:
            if reader.has_column(name):
                column_reader = reader.column_reader(name, translate=False)
                values = _read_fixed_column(column_reader, self.size, ">i4", MISSING)
            else:
                values = np.full(self.size, MISSING, dtype=np.int64)
            self._columns[name] = values
        return values

    def lengths(self, reader, field: str) -> np.ndarray:
        """Per-document length (number of terms) of a scored text field, as float32."""
        values = self._lengths.get(field)
        if values is None:
            name = f"_{field}_len"
            if reader._perdoc.has_column(name):
                column_reader = reader._perdoc.column_reader(name, LENGTHS_COLUMN)
                codes = _read_fixed_column(column_reader, self.size, "u1", 0)
                values = BYTE_LENGTHS[codes]
            else:
                values = np.zeros(self.size, dtype=np.float32)
            self._lengths[field] = values
        return values
