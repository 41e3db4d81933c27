"""Every use of Whoosh's private internals, for exactly one Whoosh version.

search/ reads Whoosh's storage straight into numpy arrays (see docs/search.md for why and what it
buys) and patches three of Whoosh's write paths. All of that depends on private names and file
layouts of whoosh-reloaded 2.7.5 (unmaintained), so it lives here and nowhere else:

- ``read_block_postings``: the W3 codec's posting blocks (``W3LeafMatcher._read_data/_data/
  _byteids/_read_weights/_weights/_next_block/_atend``) decoded a block at a time;
- ``ArrayBlockCodec``: the W3 codec writing each block's ids and weights as arrays
  (``W3PostingsWriter._write_block`` and its ``_mini_*`` helpers, rewritten);
- ``read_fixed_column``: a fixed-width column (``_dbfile/_basepos/_count/_fixedlen``) as one read;
- ``field_lengths``: a segment's per-document length column (``SegmentReader._perdoc``);
- ``encode_frequency``: the bytes the ``Frequency`` posting format stores for a term count;
- ``install_write_fixes``: three replaced Whoosh methods (the originals are kept in ``ORIGINALS``
  so tests can compare the two).

The module refuses to load on any other Whoosh version (``UnsupportedWhoosh``). Within that
version nothing falls back silently: a matcher or column of a kind this module was not written
for raises ``WhooshInternalsError``. The schema (``schema.py``) only creates fields this module
reads, and the tests read every field of a multi-block, multi-segment index with deletions
through both paths, so the error means a code change broke that promise: failing loudly shows it
at once, where a silent fallback would hide a search ten times slower.
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Callable
from typing import Any

import numpy as np
import whoosh

SUPPORTED_VERSION = (2, 7, 5)


class UnsupportedWhoosh(ImportError):
    """The installed Whoosh is not the version whose internals this module reads."""


class WhooshInternalsError(RuntimeError):
    """A Whoosh object of a kind this module was not written for."""


def check_version(version: tuple[Any, ...]) -> None:
    """Raise ``UnsupportedWhoosh`` unless ``version`` is the supported one."""
    if tuple(version[:3]) != SUPPORTED_VERSION:
        found = ".".join(str(part) for part in version)
        wanted = ".".join(str(part) for part in SUPPORTED_VERSION)
        raise UnsupportedWhoosh(
            f"search/ reads private parts of whoosh-reloaded {wanted}, but {found} is installed. "
            f"Install the pinned version (pip install -c constraints.txt -e .), or review "
            f"search/whoosh_internals.py against the new version and its tests before changing "
            f"the pin."
        )


check_version(whoosh.__version__)

# Only after the check: these private names are known to exist in the supported version.
from whoosh import formats, writing  # noqa: E402
from whoosh.codec import whoosh3  # noqa: E402
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher  # noqa: E402
from whoosh.columns import FixedBytesColumn  # noqa: E402
from whoosh.matching.wrappers import FilterMatcher  # noqa: E402
from whoosh.system import pack_uint  # noqa: E402
from whoosh.util.numeric import byte_to_length, length_to_byte  # noqa: E402

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_TF = np.zeros(0, dtype=np.uint16)
# Whoosh stores field lengths as one byte; this table turns those bytes back into lengths.
BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
# Posting formats whose blocks hold (ids, weights) and nothing per posting that we would need.
BLOCK_FORMATS = (formats.Frequency, formats.Existence)

Postings = tuple[np.ndarray, np.ndarray | None]  # (docnums int32, frequencies uint16 or None)


def frequencies(values: Any) -> np.ndarray:
    """Term frequencies (Whoosh weights) as uint16, saturated."""
    return np.minimum(np.asarray(values, dtype=np.float32), 65535).astype(np.uint16)


# -- reading postings ------------------------------------------------------------------------


def block_matcher(matcher: Any) -> Any:
    """The W3 leaf matcher under a segment's matcher (deletions are applied by the caller's live
    mask, so the deleted-documents filter is taken off); WhooshInternalsError for any other."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher or not isinstance(matcher.format, BLOCK_FORMATS):
        kind = f"{type(matcher).__name__} ({type(getattr(matcher, 'format', None)).__name__})"
        raise WhooshInternalsError(f"Postings of an unexpected kind: {kind}.")
    return matcher


def read_block_postings(matcher: Any, scored: bool) -> Postings:
    """All (docnums, frequencies or None) of a W3 leaf matcher, deleted documents included.

    Whoosh decodes one posting at a time; here each block's id and weight arrays go straight
    into numpy (ids are delta-encoded per block unless stored as bytes). Blocks written by
    ``ArrayBlockCodec`` hold arrays, read without a copy; older ones hold tuples of numbers.
    """
    matcher = block_matcher(matcher)
    ids_parts, tf_parts = [], []
    while not matcher._atend:
        matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids = _numbers(raw_ids, np.int64)
        ids_parts.append(ids if matcher._byteids else np.cumsum(ids, dtype=np.int64))
        if scored:
            if raw_weights is None or isinstance(raw_weights, float):
                weight = 1.0 if raw_weights is None else raw_weights
                tf_parts.append(frequencies(np.full(len(ids), weight, dtype=np.float32)))
            else:
                tf_parts.append(frequencies(_numbers(raw_weights, np.float32)))
        matcher._next_block()
    ids_out = np.concatenate(ids_parts).astype(np.int32) if ids_parts else EMPTY_IDS
    tf = (np.concatenate(tf_parts) if tf_parts else EMPTY_TF) if scored else None
    return ids_out, tf


def _numbers(values: Any, tuple_type: Any) -> np.ndarray:
    """A block's ids or weights: an array as it is (no copy), a tuple as ``tuple_type``."""
    if isinstance(values, array):
        return np.frombuffer(values, dtype=np.dtype(values.typecode))
    return np.asarray(values, dtype=tuple_type)


def read_public_postings(matcher: Any, scored: bool) -> Postings:
    """The same arrays through Whoosh's public matcher API (slow; the tests' reference)."""
    ids, tf = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        tf.append(matcher.weight() if scored else 1.0)
        matcher.next()
    return np.asarray(ids, dtype=np.int32), frequencies(tf) if scored else None


# -- reading columns -------------------------------------------------------------------------


def _column_bytes(column_reader: Any) -> bytes:
    """The stored bytes of a fixed-width column (documents past the end have the default)."""
    if not isinstance(column_reader, FixedBytesColumn.Reader):
        raise WhooshInternalsError(f"A column of an unexpected kind: {column_reader!r}.")
    length = column_reader._count * column_reader._fixedlen
    return bytes(column_reader._dbfile.get(column_reader._basepos, length))


def read_fixed_column(
    column_reader: Any, count: int, dtype: str, default: int, as_type: Any = np.int64
) -> np.ndarray:
    """A fixed-width column of ``count`` documents as ``as_type`` (int64 unless told), in one
    read.

    Whoosh's ``FixedBytesColumn`` (and ``NumericColumn``) stores a run of big-endian values and
    leaves out the trailing documents that have the default.
    """
    raw = _column_bytes(column_reader)
    values = np.frombuffer(raw, dtype=dtype).astype(as_type)
    stored = len(values)
    if stored < count:
        values = np.concatenate([values, np.full(count - stored, default, dtype=as_type)])
    return values[:count]


def field_length_codes(segment_reader: Any, field: str, count: int) -> np.ndarray:
    """Per-document length codes (one byte each, as Whoosh stores them; ``BYTE_LENGTHS`` maps
    them to lengths) of a scored field in one segment; zeros when it has no length column."""
    perdoc = segment_reader._perdoc
    name = whoosh3._lenfield(field)
    if not perdoc.has_column(name):
        return np.zeros(count, dtype=np.uint8)
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    return read_fixed_column(column, count, "u1", 0, as_type=np.uint8)


def field_lengths(segment_reader: Any, field: str, count: int) -> np.ndarray:
    """Per-document length (number of terms) of a scored field in one segment, as float32;
    zeros when the segment has no length column for it."""
    return BYTE_LENGTHS[field_length_codes(segment_reader, field, count)]


# -- writing ---------------------------------------------------------------------------------


def encode_frequency(freq: int) -> bytes:
    """The value the ``Frequency`` posting format stores for a term occurring ``freq`` times
    (what ``formats.Frequency.word_values`` writes), for fields that build postings directly."""
    return pack_uint(freq)


class ArrayPostingsWriter(whoosh3.W3PostingsWriter):
    """W3 posting blocks whose ids (deltas) and weights are arrays, pickled with protocol 4.

    Whoosh writes them as tuples of Python numbers with pickle protocol 2: reading a block
    then built two thousand Python objects that numpy converted back, a third of the query time
    at 1,000,000 listings. An array pickled with protocol 4 is its raw bytes, which
    ``read_block_postings`` uses as they are. Whoosh's own reader iterates arrays like tuples,
    so its matchers (fallback queries, unique-id lookups) read these blocks unchanged."""

    def _mini_ids(self) -> Any:
        if self._byteids:
            return tuple(self._ids)
        ids = np.frombuffer(self._ids, dtype=np.uint32)  # _ids is an array("I")
        deltas = np.diff(ids, prepend=np.uint32(0))
        typecode = "H" if len(deltas) and int(deltas.max()) < 2**16 else "I"
        return array(typecode, deltas.astype(np.dtype(typecode)).tobytes())

    def _mini_weights(self) -> Any:
        weights = np.frombuffer(self._weights, dtype=np.float32)  # an array("f")
        if not len(weights) or (weights == 1.0).all():
            return None
        if (weights == weights[0]).all():
            return float(weights[0])
        return self._weights  # each block starts a new array (_new_block)

    def _write_block(self, last: bool = False) -> None:
        # Whoosh's W3PostingsWriter._write_block with pickle protocol 4 for the data tuple
        # (protocol 2 pickles an array as a list of numbers); the layout is unchanged.
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, 4)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, comp,
                                  length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength)), 2)  # fmt: skip
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class ArrayBlockCodec(whoosh3.W3Codec):
    """Whoosh's W3 codec writing posting blocks with ``ArrayPostingsWriter``.

    Every segment pickles its codec into the index's table of contents, so this class is read
    back by its name: keep the name and module, or old indexes need ``flask search reindex``."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return ArrayPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                   compression=self._compression,
                                   inlinelimit=self._inlinelimit)  # fmt: skip


_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    # Remember "no such column" too: the original checks the file system on every call.
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> Any:
    # Read a finished segment's length column once, as bytes, instead of one seek per posting.
    cache = self.__dict__.setdefault("_lengths_bytes", {})
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), LENGTHS_COLUMN)
        lengths = None
        if reader is not None:
            stored = _column_bytes(reader)  # one byte per document
            lengths = stored + bytes(max(0, self._doccount - len(stored)))
        cache[fieldname] = lengths
    if lengths is None:
        return default
    lbyte = lengths[docnum]
    return byte_to_length(lbyte) if lbyte else None  # as Whoosh: None for a zero byte


_original_pool_init = writing.PostingPool.__init__


def _pool_init(self: Any, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
    _original_pool_init(self, tempstore, segment, limitmb=limitmb, **kwargs)
    self.maxsize = max(self.maxsize, self.limit // 100)  # the size check in add() comes first


# (class, attribute) -> Whoosh's own function, before ``install_write_fixes`` replaced it.
ORIGINALS: dict[tuple[type, str], Callable[..., Any]] = {
    (whoosh3.W3PerDocReader, "_cached_reader"): whoosh3.W3PerDocReader._cached_reader,
    (whoosh3.W3PerDocReader, "doc_field_length"): whoosh3.W3PerDocReader.doc_field_length,
    (writing.PostingPool, "__init__"): _original_pool_init,
}
FIXES: dict[tuple[type, str], Callable[..., Any]] = {
    (whoosh3.W3PerDocReader, "_cached_reader"): _cached_reader,
    (whoosh3.W3PerDocReader, "doc_field_length"): _doc_field_length,
    (writing.PostingPool, "__init__"): _pool_init,
}


def install_write_fixes() -> None:
    """Replace three Whoosh methods process-wide (idempotent). Why each is needed:

    1. While a segment is written, Whoosh asks for every posting's field length. For fields
       without a length column (keywords, IDs) ``W3PerDocReader._cached_reader`` does not
       remember the miss and checks the file system again: one ``stat`` per posting, a third
       of the indexing time. The segment is immutable, so remembering "no column" is safe.
    2. The same per-posting length lookup seeks and reads the file each time (20% of indexing);
       the lengths of a finished segment are now read once, as one byte string.
    3. The posting pool spills to disk after 1,000,000 postings whatever ``limitmb`` says (about
       6,000 listings), and merging the spilled runs doubled the cost per listing at 100,000.
       The pool now spills by its memory estimate (``limitmb``) only.
    """
    for (cls, name), function in FIXES.items():
        setattr(cls, name, function)
