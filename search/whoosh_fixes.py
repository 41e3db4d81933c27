"""Fixes for two Whoosh 2.7 slowdowns when writing, applied when search/ is imported.

1. While a segment is written, Whoosh asks for every posting's field length. For fields without
   a length column (keywords, IDs) ``W3PerDocReader._cached_reader`` does not remember the miss
   and checks the file system again: one ``stat`` per posting, a third of the indexing time. The
   segment is immutable, so remembering "no column" is safe.
2. The posting pool spills to disk after 1,000,000 postings whatever ``limitmb`` says (about
   6,000 listings), and merging the spilled runs doubled the cost per listing at 100,000. The
   pool now spills by its memory estimate (``limitmb``) only.
"""

from __future__ import annotations

from whoosh import writing
from whoosh.codec import whoosh3

_original_pool_init = writing.PostingPool.__init__

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _pool_init(self, tempstore, segment, limitmb=128, **kwargs):
    _original_pool_init(self, tempstore, segment, limitmb=limitmb, **kwargs)
    self.maxsize = max(self.maxsize, self.limit // 100)  # the size check in add() comes first


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    if writing.PostingPool.__init__ is _original_pool_init:
        writing.PostingPool.__init__ = _pool_init
