"""One index generation as arrays: live documents, term masks, columns, field statistics.

A ``Generation`` wraps one Whoosh searcher. It maps global document numbers onto the cached
per-segment arrays of ``segments.py`` and keeps per-generation caches (term and filter masks)
that die with the generation. Filters arrive as Whoosh query objects and are evaluated here with
those arrays; unusual query types fall back to Whoosh's own matching.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from search.lru import BoundedLRU
from search.schema import FACETS, LISTING, META_ID
from search.segments import PostingCache, SegmentData
from search.whoosh_internals import BYTE_LENGTHS

MASK_CACHE_SIZE = 128
TERM_COUNTS = 20_000  # remembered document frequencies per generation (a few MB at most)
# Bytes of arrays derived per generation from its postings and columns (``remember``): at
# 1,000,000 listings the ratings' Bayesian averages take 8 MB and a common bio term's BM25
# term-frequency parts 4 MB.
DERIVED_BYTES = 32 * 1024 * 1024
# Bytes of cached filter masks per generation (one byte per document each): 128 masks of a
# 1,000,000-listing index would hold 128 MB per worker.
MASK_CACHE_BYTES = 16 * 1024 * 1024


# A matched set with fewer documents than the bit matrix has words (divided by this ratio) is
# counted by reading its documents' bits; a larger one by AND and popcount over whole words. At
# 100,000 listings (1,563 words) both cost about 90 us near 1,200 documents; reading 10 costs 8 us.
GATHER_RATIO = 1


@dataclass(frozen=True)
class FacetBits:
    """Every facet value's live documents as one bit matrix, built once per generation.

    Row ``v`` has one bit per document (bit ``d % 64`` of word ``d // 64``). Counting a matched
    set is then one AND and popcount over ``size / 64`` words per value, for any set size (the
    55 values of a 1,000,000-listing index: 6.9 MB, where per-document value lists took 60 MB);
    a handful of matched documents is counted by reading their own bits. ``groups`` gives each
    facet's values and its first row."""

    groups: dict[str, tuple[list[str], int]]
    full: np.ndarray  # each value's count over all live documents
    bits: np.ndarray  # uint64, (values, words)

    def count(self, mask: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """Each value's count over ``docs`` (live document numbers; ``mask`` the same set as
        booleans over the generation)."""
        if len(docs) * GATHER_RATIO < self.bits.shape[1]:
            as_bytes = self.bits.view(np.uint8)
            picked = as_bytes[:, docs >> 3] >> (docs & 7).astype(np.uint8)
            return (picked & 1).sum(axis=1, dtype=np.int64)
        return np.bitwise_count(self.bits & pack_bits(mask, self.bits.shape[1])).sum(
            axis=1, dtype=np.int64
        )


def pack_bits(mask: np.ndarray, words: int) -> np.ndarray:
    """A boolean mask as ``words`` uint64 words, in the layout of ``FacetBits.bits``."""
    packed = np.zeros(words * 8, dtype=np.uint8)
    raw = np.packbits(mask, bitorder="little")
    packed[: len(raw)] = raw
    return packed.view(np.uint64)


class SegmentRegistry:
    """Per-process store of ``SegmentData`` by segment id; forgets segments no longer in use."""

    def __init__(self) -> None:
        self._segments: dict[str, SegmentData] = {}
        self.postings = PostingCache()
        self._lock = threading.Lock()

    def get(self, segment_id: str, size: int) -> SegmentData:
        with self._lock:
            data = self._segments.get(segment_id)
            if data is None or data.size != size:
                data = SegmentData(segment_id, size, self.postings)
                self._segments[segment_id] = data
            return data

    def keep_only(self, segment_ids: set[str]) -> None:
        with self._lock:
            for gone in set(self._segments) - segment_ids:
                del self._segments[gone]
        self.postings.forget_segments(segment_ids)


class Generation:
    """Arrays over the documents of one searcher (one index generation)."""

    def __init__(self, searcher, registry: SegmentRegistry) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.leaves = []
        for segment_reader, offset in reader.leaf_readers():
            segment = segment_reader.segment()
            data = registry.get(segment.segment_id(), segment_reader.doc_count_all())
            data.open_table(segment_reader)
            self.leaves.append((data, segment_reader, offset))
        self.segment_ids = {data.segment_id for data, _r, _o in self.leaves}
        self.size = reader.doc_count_all()
        masks = min(MASK_CACHE_SIZE, max(1, MASK_CACHE_BYTES // max(1, self.size)))
        self._masks: BoundedLRU[object, np.ndarray] = BoundedLRU(masks)
        self._term_counts: BoundedLRU[tuple[str, str], int] = BoundedLRU(TERM_COUNTS)
        self._derived: BoundedLRU[tuple, np.ndarray] = BoundedLRU(DERIVED_BYTES, _nbytes)
        self._columns: dict[str, np.ndarray] = {}  # number columns and length codes
        self._facets: FacetBits | None = None
        self._lexicons: dict[str, list[str]] = {}
        self._avg_lengths: dict[str, float] = {}
        self._lock = threading.Lock()
        # Whoosh readers seek and read shared file objects: one thread at a time per generation
        self.io_lock = threading.RLock()
        self.corrections: dict[str, str | None] = {}  # spelling corrections found so far
        self.live = self._live_mask()
        self.count = int(np.count_nonzero(self.live))
        self._open_stored_files()

    def _open_stored_files(self) -> None:
        # Whoosh opens a segment's stored-fields file on first use; a later merge may delete
        # it while this generation still serves requests, so open it now.
        with self.io_lock:
            for _data, reader, _offset in self.leaves:
                if reader.doc_count_all():
                    reader.stored_fields(0)

    def _live_mask(self) -> np.ndarray:
        live = np.zeros(self.size, dtype=bool)
        for data, reader, offset in self.leaves:
            with self.io_lock:
                ids, _tf = data.postings(reader, "kind", LISTING, scored=False)
            live[ids + offset] = True
            deleted = reader.deleted_docs_set
            if deleted:
                live[np.fromiter(deleted, dtype=np.int64, count=len(deleted)) + offset] = False
        return live

    # -- raw arrays -----------------------------------------------------------------------

    def postings(self, field: str, term: str, scored: bool = True):
        """(global docnums, frequencies or None unless ``scored``), deleted documents included."""
        with self.io_lock:
            parts = [
                (data.postings(reader, field, term, scored), offset)
                for data, reader, offset in self.leaves
            ]
        if len(parts) == 1 and parts[0][1] == 0:
            return parts[0][0]
        ids = np.empty(sum(len(p[0]) for p, _o in parts), dtype=np.int32)
        at = 0
        for (local, _tf), offset in parts:  # shifted into place: no temporary per segment
            np.add(local, offset, out=ids[at : at + len(local)])
            at += len(local)
        tf = np.concatenate([p[1] for p, _o in parts]) if scored and parts else None
        return ids, tf

    def column(self, name: str) -> np.ndarray:
        """A number column over all documents (int32, as stored; ``MISSING`` where absent)."""
        values = self._columns.get(name)
        if values is None:
            with self.io_lock:
                parts = [data.column(reader, name) for data, reader, _o in self.leaves]
            # int32 as the segments store them: widened to int64, the eight columns of a
            # 1,000,000-listing generation took 64 MB instead of 32 in every worker.
            values = np.concatenate(parts, dtype=np.int32) if parts else np.zeros(0, np.int32)
            self._share(name, values, length_codes=False)
            self._columns[name] = values
        return values

    def lengths(self, field: str, ids: np.ndarray | None = None) -> np.ndarray:
        """Lengths of a scored text field, of the documents ``ids`` (all when None)."""
        key = "_len_" + field
        codes = self._columns.get(key)
        if codes is None:
            with self.io_lock:
                parts = [data.length_codes(reader, field) for data, reader, _o in self.leaves]
            # One byte per document, decoded per query: decoded once, each text field would
            # hold four bytes per document (16 MB per field at 1,000,000 listings).
            codes = np.concatenate(parts) if parts else np.zeros(0, np.uint8)
            self._share(field, codes, length_codes=True)
            self._columns[key] = codes
        return BYTE_LENGTHS[codes if ids is None else codes[ids]]

    def _share(self, name: str, joined: np.ndarray, length_codes: bool) -> None:
        """Let each segment keep its part of ``joined`` instead of its own copy."""
        for data, _reader, offset in self.leaves:
            data.adopt(name, joined[offset : offset + data.size], length_codes)

    def avg_length(self, field: str) -> float:
        """Mean length of a text field over live documents (at least 1)."""
        avg = self._avg_lengths.get(field)
        if avg is None:
            lengths = self.lengths(field, np.flatnonzero(self.live))
            avg = self._avg_lengths[field] = max(1.0, float(lengths.mean()) if len(lengths) else 1)
        return avg

    def doc_frequency(self, ids: np.ndarray) -> int:
        """How many live documents a posting list covers."""
        return int(np.count_nonzero(self.live[ids])) if len(ids) else 0

    def remember(self, key: tuple, build: Callable[[], np.ndarray]) -> np.ndarray:
        """``build()``'s array, kept for the generation under ``key`` while the most recently
        used of them fit in ``DERIVED_BYTES`` (read-only: every request shares it)."""
        return self._derived.get_or_build(key, lambda: _read_only(build()))

    def term_frequency(self, field: str, term: str, ids: np.ndarray | None = None) -> int:
        """How many live documents hold ``term`` in ``field`` (remembered per generation: a
        common term's count reads every posting); ``ids``: its postings, when at hand."""

        def count() -> int:
            found = ids if ids is not None else self.postings(field, term, scored=False)[0]
            return self.doc_frequency(found)

        return self._term_counts.get_or_build((field, term), count)

    # -- masks from Whoosh query objects ----------------------------------------------------

    def mask(self, q: wq.Query) -> np.ndarray:
        """Boolean array of the live documents matching a Whoosh query (cached per generation)."""
        return self._masks.get_or_build(q, lambda: _read_only(self._evaluate(q)))

    def _evaluate(self, q: wq.Query) -> np.ndarray:
        if isinstance(q, wq.Every):
            return self.live.copy()
        if isinstance(q, wq.Term):
            out = np.zeros(self.size, dtype=bool)
            ids, _tf = self.postings(q.fieldname, q.text, scored=False)
            out[ids] = True
            return out & self.live
        if isinstance(q, wq.NumericRange):
            values = self.column(q.fieldname)
            out = self.live.copy()
            if q.start is not None:
                out &= values >= q.start if not q.startexcl else values > q.start
            if q.end is not None:
                out &= values <= q.end if not q.endexcl else values < q.end
            return out
        if isinstance(q, wq.And):
            out = self.live.copy()
            for child in q.subqueries:
                out &= self.mask(child)
            return out
        if isinstance(q, wq.Or):
            out = np.zeros(self.size, dtype=bool)
            for child in q.subqueries:
                out |= self.mask(child)
            return out
        if isinstance(q, wq.Not):
            return self.live & ~self.mask(q.query)
        out = np.zeros(self.size, dtype=bool)  # anything else: let Whoosh match it
        with self.io_lock:
            docs = list(q.docs(self.searcher))
        out[np.asarray(docs, dtype=np.int64)] = True
        return out & self.live

    # -- stored rows ------------------------------------------------------------------------

    def row(self, docnum: int) -> dict:
        """The stored search document of a document number."""
        with self.io_lock:
            return self.searcher.stored_fields(int(docnum))["row"]

    def meta(self) -> dict | None:
        """The meta document's row (last seq, schema version), or None."""
        with self.io_lock:
            docnum = self.searcher.document_number(id=META_ID)
            return None if docnum is None else self.row(docnum)

    def facet_postings(self, field: str) -> list[tuple[str, np.ndarray]]:
        """(value, live docnums) of every value of a keyword field (read to build its table;
        not kept: the table holds the same facts in less memory)."""
        found = []
        for value in self.lexicon(field):
            ids, _tf = self.postings(field, value, scored=False)
            ids = ids[self.live[ids]]
            if len(ids):
                found.append((value, ids))
        return found

    def facet_bits(self) -> FacetBits:
        """The ``FacetBits`` of every facet field, kept for the generation."""
        found = self._facets
        if found is None:
            groups: dict[str, tuple[list[str], int]] = {}
            rows: list[np.ndarray] = []
            sizes: list[int] = []
            words = (self.size + 63) // 64
            row = np.zeros(self.size, dtype=bool)
            for name, field in FACETS.items():
                postings = self.facet_postings(field)
                groups[name] = ([value for value, _ids in postings], len(rows))
                for _value, ids in postings:
                    row[ids] = True
                    rows.append(pack_bits(row, words))
                    row[ids] = False  # clear only what was set, not the whole row
                    sizes.append(len(ids))
            bits = np.stack(rows) if rows else np.zeros((0, words), dtype=np.uint64)
            found = FacetBits(groups, np.asarray(sizes, dtype=np.int64), bits)
            self._facets = found
        return found

    def lexicon(self, field: str) -> list[str]:
        """Distinct terms of a keyword field (facet values)."""
        with self._lock:
            found = self._lexicons.get(field)
        if found is None:
            with self.io_lock:
                found = [t.decode("utf-8") for t in self.searcher.reader().lexicon(field)]
            with self._lock:
                self._lexicons[field] = found
        return found


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array``, marked read-only: a cached array is shared by every request."""
    array.flags.writeable = False
    return array


def _nbytes(array: np.ndarray) -> int:
    return array.nbytes
