"""Running a search: the one service the search page and the search API call.

Parameters come validated from ``directory.params``; a place typed inside the text ("... near
78701") is resolved first, so each request searches once. Popular searches (the home page's links,
the empty search) are answered from a small per-process cache keyed by the index's last
applied change, so any change to the index is seen at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from directory import indexing
from directory.params import Origin, ParamError, SearchParams, parse, resolve_origin
from search import QueryError, ResultPage, SearchIndex, SearchQuery, place_in

CACHE_SIZE = 256  # recent searches kept per process
CACHE_SECONDS = 30.0  # bounds staleness when an index is rebuilt with the same last seq
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


@dataclass
class SearchOutcome:
    """A result page and how it came about."""

    params: SearchParams
    page: ResultPage
    origin: Origin | None  # where distances were measured from, if anywhere
    origin_from_text: bool = False  # the place was typed inside q ("... near 78701")
    unknown_place: str | None = None  # a place typed inside q that could not be found


def search(args: MultiDict, *, highlights: bool = True) -> SearchOutcome:
    """Parse ``args`` and run the search on this process's index (``highlights=False`` for
    callers that show no bio snippets).

    ParamError for bad parameters; search.IndexUnavailable when the index is missing.
    Popular searches (the home page's links, an empty search) are answered from a small
    per-process cache that a change to the index, or CACHE_SECONDS, invalidates."""
    params = parse(args)
    index = indexing.get_index()
    prior = indexing.rating_prior_mean()
    # The day is part of the key: the verified filter and badges are judged on it.
    key = (index.path, index.last_seq(), prior, date.today(), highlights, tuple(params.pairs()))
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            _cache.move_to_end(key)
            return cached[1]
    outcome = execute(index, params, prior, highlights=highlights)
    with _cache_lock:
        _cache[key] = (now, outcome)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return outcome


def execute(
    index: SearchIndex, params: SearchParams, prior: float, *, highlights: bool = True
) -> SearchOutcome:
    """Search once: a place typed inside the text (when ``near`` was not given) is resolved
    first and distances are measured from it; an unknown one is reported, not fatal."""
    origin, from_text, unknown = params.origin, False, None
    if origin is None:
        typed = place_in(params.q)
        if typed:
            try:
                origin, from_text = resolve_origin(typed), True
            except ParamError:
                unknown = typed
    if params.sort == "distance" and origin is None:
        raise ParamError("sort", "Sorting by distance needs a place: fill in near.")
    page = _run(index, params.query(prior, origin, highlights=highlights))
    return SearchOutcome(params, page, origin, from_text, unknown)


def _run(index: SearchIndex, query: SearchQuery) -> ResultPage:
    try:
        return index.search(query)
    except QueryError as exc:
        raise ParamError(None, str(exc)) from exc
