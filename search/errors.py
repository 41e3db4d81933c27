"""The exceptions search/ raises; the app maps them to 400, 503 and "rows stay pending";
``DocumentError`` is a bug in the caller and is left loud."""

from __future__ import annotations


class QueryError(ValueError):
    """Invalid query parameters found by search/; the message is safe to show to the user."""


class IndexUnavailable(RuntimeError):
    """The index is missing, corrupt or from an older schema: the app answers 503."""


class IndexBusy(RuntimeError):
    """The write lock was not obtained in time; the change-log rows stay pending."""


class DocumentError(ValueError):
    """A document or change that search/ refuses to write (unknown or missing keys, no listing
    id, an unknown operation): a bug in the producer, never the user's input."""
