"""In-memory arrays of one immutable Whoosh segment: postings, field lengths, number columns.

A segment never changes once written (only its deletion set does, and that is handled per
generation by ``view.py``), so everything read here is cached by segment id and shared by every
generation that still contains the segment. After ``apply`` only the new small segment is read.
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
EMPTY_TF = np.zeros(0, dtype=np.float32)
POSTINGS_BUDGET = 96 * 1024 * 1024  # bytes of cached postings per segment


def _read_w3(matcher: W3LeafMatcher, scored: bool) -> tuple[np.ndarray, np.ndarray]:
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
            tf_parts.append(np.asarray(matcher._weights, dtype=np.float32))
        matcher._next_block()
    ids = np.concatenate(ids_parts).astype(np.int32) if ids_parts else EMPTY_IDS
    tf = np.concatenate(tf_parts) if tf_parts else np.ones(len(ids), dtype=np.float32)
    return ids, tf


def _read_generic(matcher, scored: bool) -> tuple[np.ndarray, np.ndarray]:
    ids, tf = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        tf.append(matcher.weight() if scored else 1.0)
        matcher.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(tf, dtype=np.float32)


def read_postings(reader, field: str, term: str, scored: bool) -> tuple[np.ndarray, np.ndarray]:
    """All (docnums, frequencies) of a term in one segment, deleted documents included."""
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return EMPTY_IDS, EMPTY_TF
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


class SegmentData:
    """Cached arrays of one segment, in segment-local document numbers."""

    def __init__(self, segment_id: str, doc_count_all: int) -> None:
        self.segment_id = segment_id
        self.size = doc_count_all
        self._columns: dict[str, np.ndarray] = {}
        self._lengths: dict[str, np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def postings(self, reader, field: str, term: str, scored: bool):
        """(local docnums int32, frequencies float32) of ``term`` in ``field``."""
        key = (field, term)
        with self._lock:
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = read_postings(reader, field, term, scored)
        with self._lock:
            if key not in self._postings:
                self._postings[key] = found
                self._bytes += found[0].nbytes + found[1].nbytes
                while self._bytes > POSTINGS_BUDGET and len(self._postings) > 1:
                    _key, (ids, tf) = self._postings.popitem(last=False)
                    self._bytes -= ids.nbytes + tf.nbytes
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
