"""A fix for a Whoosh 2.7 slowdown, applied when search/ is imported.

While a segment is written, Whoosh asks for every posting's field length. For fields without a
length column (keywords, IDs) ``W3PerDocReader._cached_reader`` does not remember the miss and
checks the file system again: one ``stat`` per posting, a third of the indexing time. The
segment is immutable, so remembering "no column" is safe.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    """Install the fix (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
