"""Every use of Whoosh's private internals, for exactly one Whoosh version.

search/ reads Whoosh's storage straight into numpy arrays (see docs/search.md for why and what it
buys) and replaces parts of Whoosh's write path. All of that depends on private names and file
layouts of whoosh-reloaded 2.7.5 (unmaintained), so it lives here and nowhere else:

- ``read_block_postings``: the W3 codec's posting blocks (``W3LeafMatcher._read_data/_data/
  _byteids/_read_weights/_weights/_next_block/_atend``) decoded a block at a time;
- ``ArrayBlockCodec``: the W3 codec writing each block's ids and weights as arrays
  (``W3PostingsWriter._write_block`` and its ``_mini_*`` helpers, rewritten);
- ``read_fixed_column``: a fixed-width column (``_dbfile/_basepos/_count/_fixedlen``) as one read;
- ``field_lengths``: a segment's per-document length column (``SegmentReader._perdoc``);
- ``encode_frequency``: the bytes the ``Frequency`` posting format stores for a term count;
- ``BulkSegmentWriter``: Whoosh's segment writer with its posting pool and per-posting term
  writing (``PostingPool``, ``FieldWriter.add_postings``) replaced by per-field lists sorted
  with numpy, written a block at a time (``W3PostingsWriter._ids/_weights/...`` set directly);
- ``postings_table_of``: where a segment's ``postings_table`` file lies (``SegmentReader._storage/
  _segment``, ``FileStorage.folder``), written beside Whoosh's files by ``BulkSegmentWriter``;
- ``install_write_fixes``: two replaced Whoosh methods (the originals are kept in ``ORIGINALS``
  so tests can compare the two).

The module refuses to load on any other Whoosh version (``UnsupportedWhoosh``). Within that
version nothing falls back silently: a matcher or column of a kind this module was not written
for raises ``WhooshInternalsError``. The schema (``schema.py``) only creates fields this module
reads, and the tests read every field of a multi-block, multi-segment index with deletions
through both paths, so the error means a code change broke that promise: failing loudly shows it
at once, where a silent fallback would hide a search ten times slower.
"""

from __future__ import annotations

import logging
import os
import pickle
import zlib
from array import array
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import numpy as np
import whoosh

from search.postings_table import EXTENSION as TABLE_EXTENSION
from search.postings_table import PostingsTable, PostingsTableWriter, table_key

SUPPORTED_VERSION = (2, 7, 5)
log = logging.getLogger(__name__)


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
from whoosh import formats  # noqa: E402
from whoosh.codec import whoosh3  # noqa: E402
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher  # noqa: E402
from whoosh.columns import FixedBytesColumn  # noqa: E402
from whoosh.fields import FieldType  # noqa: E402
from whoosh.matching.wrappers import FilterMatcher  # noqa: E402
from whoosh.system import pack_uint  # noqa: E402
from whoosh.util.numeric import byte_to_length, length_to_byte  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_TF = np.zeros(0, dtype=np.uint16)
# Whoosh stores field lengths as one byte; this table turns those bytes back into lengths.
BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
INT_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)
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


def postings_table_of(segment_reader: Any) -> PostingsTable | None:
    """The ``postings_table`` file of a segment, memory-mapped; None for a segment written
    without one (by Whoosh's own writer, or before the tables existed) or not in a folder."""
    folder = getattr(segment_reader._storage, "folder", None)
    if folder is None:  # a compound segment or an in-memory index
        return None
    path = os.path.join(folder, segment_reader._segment.make_filename(TABLE_EXTENSION))
    try:
        return PostingsTable.open(path)
    except ValueError as error:  # a damaged file: Whoosh's own blocks hold the same postings
        log.warning("postings table %s unreadable (%s); reading Whoosh's blocks", path, error)
        return None


def table_postings(
    table: PostingsTable, schema: Any, field: str, term: str, scored: bool
) -> Postings:
    """(docnums, frequencies or None unless ``scored``) of a term, from a segment's table;
    what ``read_block_postings`` reads from Whoosh's blocks."""
    found = table.get(table_key(field, schema[field].to_bytes(term))) if field in schema else None
    if found is None:
        return EMPTY_IDS, EMPTY_TF if scored else None
    return found[0], found[1] if scored else None


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
        deltas = np.empty_like(ids)  # np.diff's overhead dominated the many one-posting blocks
        deltas[:1] = ids[:1]
        np.subtract(ids[1:], ids[:-1], out=deltas[1:])
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


class FieldPostings:
    """One field's postings of a segment being written, in the order they were added: the
    term items of each document's ``field.index()`` as they are, with the document numbers."""

    def __init__(self) -> None:
        self.items: list[tuple[bytes, int, float, bytes | None]] = []
        self.docnums: list[int] = []
        self.counts: list[int] = []  # postings per entry of docnums

    def add(self, docnum: int, items: list[Any]) -> None:
        """The (term bytes, frequency, weight, value bytes) items of one document."""
        self.items.extend(items)
        self.docnums.append(docnum)
        self.counts.append(len(items))


class _PostingColumns:
    """Stands in for Whoosh's ``PostingPool`` (which estimates each posting's size in Python
    and sorts tuples), keeping each field's postings apart until the segment is written.
    ``add`` takes Whoosh's (field, term, docnum, weight, value) postings of merged segments."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldPostings] = {}

    def field(self, fieldname: str) -> FieldPostings:
        postings = self.fields.get(fieldname)
        if postings is None:
            postings = self.fields[fieldname] = FieldPostings()
        return postings

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, value = item
        self.field(fieldname).add(docnum, [(btext, 1, weight, value)])

    def cleanup(self) -> None:
        self.fields.clear()


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` writing a segment's postings in bulk, byte for byte as
    Whoosh would (the tests compare the files).

    Whoosh's own writer costs about 15 us of Python per posting (a size estimate in the pool,
    a sort of tuples, then ``add_posting`` with a field-length look-up each); a listing has
    about 150 postings, so that was most of the time of applying a bulk import to the index.
    Here each field's postings are ordered with numpy and each block's arrays and statistics
    are set on the postings writer at once. Deleting, merging small segments and the
    per-document files stay Whoosh's. Documents may not carry Whoosh's ``_boost`` or
    ``_stored_`` keywords, and fields may not have vectors or separate spelling (the schema
    has none).
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _PostingColumns()
        self._indexed: dict[tuple[str, str], list[Any]] = {}
        self._own_segment: Any = None  # written early by ``finish_own_segment``

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``SegmentWriter.add_document`` keeping each field's postings in bulk."""
        self._check_state()
        names = sorted(fields)
        if any(name.startswith("_") for name in names):
            raise WhooshInternalsError("Boosts and _stored_ values are not supported.")
        schema, perdoc, docnum = self.schema, self.perdocwriter, self.docnum
        self._check_fields(schema, names)
        indexed = []
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.vector or field.separate_spelling():
                    raise WhooshInternalsError(f"Field {name!r} has vectors or spelling.")
                length = 0
                if field.indexed:
                    items = self._index(name, field, value)
                    if items:
                        indexed.append((name, items))
                        if field.scorable:
                            length = sum(map(itemgetter(1), items))
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        for name, items in indexed:  # only once the document is complete
            self.pool.field(name).add(docnum, items)
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: Any, value: Any) -> list[Any]:
        # Whoosh's own field types (IDs, keywords) run its generic analyzer, a tenth of the
        # time for values that repeat across listings (kind, profession, city, treatments):
        # their items are remembered per value for the writer's life.
        if type(field).index is not FieldType.index or field.unique or not isinstance(value, str):
            items = field.index(value)
            return items if isinstance(items, list) else list(items)
        key = (name, value)
        items = self._indexed.get(key)
        if items is None:
            items = self._indexed[key] = list(field.index(value))
        return items

    def finish_segment(self) -> Any:
        """Write this writer's documents as a segment and return it without committing (for a
        writer process whose segment another writer commits, see ``commit_with``). The
        temporary directory is shared with that writer, which removes it when it commits."""
        segment = self._finalize_segment()
        self.is_closed = True
        return segment

    def finish_own_segment(self) -> None:
        """Write this writer's documents as a segment now, to be committed by ``commit_with``:
        the parent of writer processes writes its postings while they still write theirs,
        instead of after waiting for them (a third of a two-process write)."""
        if self._added and self._own_segment is None:
            self._own_segment = self._finalize_segment()

    def commit_with(self, segments: list[Any]) -> None:
        """Commit this writer's documents and ``segments`` finished by other writers of the
        same index, keeping every existing segment as it is (no merging)."""
        final = self._merge_segments(None, None, False) + list(segments)
        if self._own_segment is not None:
            final.append(self._own_segment)
        elif self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        table = PostingsTableWriter()
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.fields, table)
        finally:
            lengths.close()
        self.fieldwriter.close()
        out = self.newsegment.create_file(self.storage, TABLE_EXTENSION)
        try:
            table.write(out)
        finally:
            out.close()


def write_postings(
    fieldwriter: Any,
    schema: Any,
    lengths: Any,
    fields: dict[str, FieldPostings],
    table: PostingsTableWriter | None = None,
) -> None:
    """Write each field's postings through a W3 field writer, in Whoosh's order (field name,
    term bytes, document number): what ``FieldWriter.add_postings`` does with sorted tuples;
    and into ``table`` as arrays, when given."""
    if not isinstance(fieldwriter, whoosh3.W3FieldWriter):
        raise WhooshInternalsError(f"A field writer of an unexpected kind: {fieldwriter!r}.")
    for fieldname in sorted(fields):
        postings = fields[fieldname]
        if not postings.items:
            continue
        fieldwriter.start_field(fieldname, schema[fieldname])
        _write_field(fieldwriter, postings, _length_table(lengths, fieldname), fieldname, table)
        fieldwriter.finish_field()


def _write_field(fieldwriter: Any, postings: FieldPostings, lengths_of: np.ndarray | None,
                 fieldname: str, table: PostingsTableWriter | None) -> None:  # fmt: skip
    items = postings.items
    count = len(items)
    terms = list(map(itemgetter(0), items))
    ordered_terms = sorted(set(terms))
    rank = {term: i for i, term in enumerate(ordered_terms)}
    term_ids = np.fromiter(map(rank.__getitem__, terms), dtype=np.int64, count=count)
    docnums = np.repeat(np.asarray(postings.docnums, dtype=np.int64),
                        np.asarray(postings.counts, dtype=np.int64))  # fmt: skip
    if len(docnums) and int(docnums.min()) < 0:  # Whoosh's spelling postings: none here
        raise WhooshInternalsError("Spelling postings are not supported.")
    order = np.lexsort((docnums, term_ids))
    docnums = docnums[order]
    weights64 = np.fromiter(map(itemgetter(2), items), dtype=np.float64, count=count)[order]
    weights32 = weights64.astype(np.float32)
    values = np.array(list(map(itemgetter(3), items)), dtype=object)[order].tolist()
    starts = np.concatenate([[0], np.flatnonzero(np.diff(term_ids[order])) + 1, [count]])
    sorted_postings = SortedPostings(docnums, weights64, weights32, values, lengths_of)
    tf = frequencies(weights32) if table is not None else None
    for i, btext in enumerate(ordered_terms):
        start, end = int(starts[i]), int(starts[i + 1])
        fieldwriter.start_term(btext)
        sorted_postings.write_term(fieldwriter._postwriter, start, end)
        fieldwriter.finish_term()
        if table is not None and tf is not None:
            table.add(fieldname, btext, docnums[start:end], tf[start:end])


def _length_table(lengths: Any, fieldname: str) -> np.ndarray | None:
    """Per-document field lengths of the segment being written (None: no length column)."""
    reader = lengths._cached_reader(whoosh3._lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return None
    codes = np.frombuffer(_column_bytes(reader), dtype=np.uint8)
    padded = np.zeros(max(lengths._doccount, len(codes)), dtype=np.uint8)
    padded[: len(codes)] = codes
    return INT_BYTE_LENGTHS[padded]


class SortedPostings:
    """A field's sorted postings, handed to a W3 postings writer a block at a time."""

    def __init__(self, docnums: np.ndarray, weights64: np.ndarray, weights32: np.ndarray,
                 values: list[Any], lengths_of: np.ndarray | None) -> None:  # fmt: skip
        self.docnums, self.weights64, self.weights32 = docnums, weights64, weights32
        self.values, self.lengths_of = values, lengths_of

    def write_term(self, writer: Any, start: int, end: int) -> None:
        """Postings ``start:end`` (one term) as the state ``W3PostingsWriter.add_posting``
        builds one posting at a time; ``_write_block`` and ``finish_postings`` (called by
        ``finish_term``) then run unchanged."""
        limit = writer._blocklimit
        for first in range(start, end, limit):
            last = min(first + limit, end)
            if len(writer._ids):
                writer._write_block()  # as add_posting does when the block is full
            ids = array("I")
            ids.frombytes(self.docnums[first:last].astype(np.uint32).tobytes())
            weights = array("f")
            weights.frombytes(self.weights32[first:last].tobytes())
            writer._ids, writer._weights = ids, weights
            writer._values = [value for value in self.values[first:last] if value]
            top = float(self.weights64[first:last].max())
            writer._maxweight = top if top > 0 else 0
            writer._minlength, writer._maxlength = None, 0
            if self.lengths_of is not None:
                lengths = self.lengths_of[self.docnums[first:last]]
                present = lengths[lengths > 0]
                if len(present):
                    writer._minlength = int(present.min())
                    writer._maxlength = int(present.max())


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


# (class, attribute) -> Whoosh's own function, before ``install_write_fixes`` replaced it.
ORIGINALS: dict[tuple[type, str], Callable[..., Any]] = {
    (whoosh3.W3PerDocReader, "_cached_reader"): whoosh3.W3PerDocReader._cached_reader,
    (whoosh3.W3PerDocReader, "doc_field_length"): whoosh3.W3PerDocReader.doc_field_length,
}
FIXES: dict[tuple[type, str], Callable[..., Any]] = {
    (whoosh3.W3PerDocReader, "_cached_reader"): _cached_reader,
    (whoosh3.W3PerDocReader, "doc_field_length"): _doc_field_length,
}


def install_write_fixes() -> None:
    """Replace two Whoosh methods process-wide (idempotent). Why each is needed:

    1. While segments are merged, Whoosh asks for every document's field lengths. For fields
       without a length column (keywords, IDs) ``W3PerDocReader._cached_reader`` does not
       remember the miss and checks the file system again: one ``stat`` per look-up (a third
       of Whoosh's indexing time). The segment is immutable, so remembering "no column" is safe.
    2. The same length look-up seeks and reads the file each time; the lengths of a finished
       segment are now read once, as one byte string.
    (Whoosh's posting pool, which spilled to disk after 1,000,000 postings, is no longer used:
    ``BulkSegmentWriter`` keeps its own.)
    """
    for (cls, name), function in FIXES.items():
        setattr(cls, name, function)
