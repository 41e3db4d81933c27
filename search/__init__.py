"""Full-text search over Whoosh for Needlewise. Never imports directory/ or Flask.

Public API (docs/search.md): ``SearchIndex``; the value types ``SearchDocument`` (what the app
indexes), ``SearchQuery`` (with its user-set part ``QueryFilters``), ``ResultPage`` and ``Hit``;
the exceptions ``IndexUnavailable``, ``IndexBusy``, ``QueryError`` (bad query parameters) and
``DocumentError`` (a bad write); ``place_in`` (the place phrase typed in a text, to resolve
before searching); ``search.geo`` for distances.
"""

from search.errors import DocumentError, IndexBusy, IndexUnavailable, QueryError
from search.index import SearchIndex
from search.model import Hit, QueryFilters, ResultPage, SearchDocument, SearchQuery
from search.understanding import place_in

__all__ = [
    "DocumentError",
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "QueryError",
    "QueryFilters",
    "ResultPage",
    "SearchDocument",
    "SearchIndex",
    "SearchQuery",
    "place_in",
]
