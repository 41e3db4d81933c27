"""Full-text search over Whoosh for Needlewise. Never imports directory/ or Flask.

Public API (SEARCH_INTERFACE.md): ``SearchIndex``, ``SearchQuery``, ``ResultPage``, ``Hit`` and
the exceptions ``IndexUnavailable``, ``IndexBusy``, ``QueryError``; ``search.geo`` for distances.
"""

from search.errors import IndexBusy, IndexUnavailable, QueryError
from search.index import SearchIndex
from search.model import Hit, ResultPage, SearchQuery

__all__ = [
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "QueryError",
    "ResultPage",
    "SearchIndex",
    "SearchQuery",
]
