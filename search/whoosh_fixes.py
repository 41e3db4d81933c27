"""Fixes for two Whoosh 2.7 slowdowns when writing, applied when search/ is imported.

1. While a segment is written, Whoosh asks for every posting's field length. For fields without
   a length column (keywords, IDs) ``W3PerDocReader._cached_reader`` does not remember the miss
   and checks the file system again: one ``stat`` per posting, a third of the indexing time. The
   segment is immutable, so remembering "no column" is safe.
2. The same per-posting length lookup seeks and reads the file each time (20% of indexing);
   the lengths of a finished segment are now read once, as one byte string.
3. The posting pool spills to disk after 1,000,000 postings whatever ``limitmb`` says (about
   6,000 listings), and merging the spilled runs doubled the cost per listing at 100,000. The
   pool now spills by its memory estimate (``limitmb``) only.
"""

from __future__ import annotations

from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

_original_pool_init = writing.PostingPool.__init__

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _doc_field_length(self, docnum, fieldname, default=0):
    cache = self.__dict__.setdefault("_lengths_bytes", {})
    lengths = cache.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = None
        if reader is not None:
            try:  # Whoosh's NumericColumn: one byte per document, absent at the end = 0
                stored = reader._dbfile.get(reader._basepos, reader._count)
            except AttributeError:
                stored = bytes(reader[i] for i in range(self._doccount))
            lengths = bytes(stored) + bytes(max(0, self._doccount - len(stored)))
        cache[fieldname] = lengths
    if lengths is None:
        return default
    lbyte = lengths[docnum]
    return byte_to_length(lbyte) if lbyte else None  # as Whoosh: None for a zero byte


def _pool_init(self, tempstore, segment, limitmb=128, **kwargs):
    _original_pool_init(self, tempstore, segment, limitmb=limitmb, **kwargs)
    self.maxsize = max(self.maxsize, self.limit // 100)  # the size check in add() comes first


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
    if writing.PostingPool.__init__ is _original_pool_init:
        writing.PostingPool.__init__ = _pool_init
