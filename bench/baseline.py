"""What the baseline engines of the benchmark share: the text they match (every word, as typed,
stemmed by the engine), result rows built from stored documents, and the facet layout.

The baselines (bench/fts5.py, bench/pg.py, bench/tantivy_engine.py) answer
``search(SearchQuery) -> ResultPage`` like ``search.SearchIndex`` does, so one query set and one
timing loop (bench/compare.py) measure all of them on the same documents.
"""

from __future__ import annotations

import math
from datetime import date

from search import Hit, QueryError, SearchDocument, SearchQuery
from search.analysis import words
from search.understanding import split_place

FACET_FIELDS = {"treatment": "treatments", "concern": "concerns", "device": "devices"}
EARTH_KM = 6371.0088


def text_terms(q: SearchQuery) -> tuple[list[str], str | None]:
    """(the words every result must contain, the place phrase cut from the text): the
    baselines know no synonyms, concepts or typos, so they match the words as typed."""
    if q.sort == "distance" and q.near is None:
        raise QueryError("Sorting by distance needs a place to measure from (near).")
    text, near_text = split_place(q.text)
    return [w for w in words(text) if len(w) > 1], near_text


def verified_until_ordinal(doc: SearchDocument) -> int:
    """The day number the badge holds through (0: never verified), as search/ keeps it."""
    until = doc["verified_until"]
    return date.fromisoformat(until).toordinal() if until else 0


def rating_avg100(doc: SearchDocument) -> int:
    """floor(100 * average) (-1 without reviews): the min_rating filter compares this."""
    count = doc["rating_count"]
    return (100 * doc["rating_sum"]) // count if count else -1


def bayes(doc: SearchDocument, prior_mean: float = 4.0) -> float:
    """The Bayesian rating the "rating" sort orders by (prior weight 5, as search/query.py)."""
    return (5 * prior_mean + doc["rating_sum"]) / (5 + doc["rating_count"])


def empty_facets() -> dict[str, dict[str, int]]:
    """Every facet name with no counts yet."""
    return {name: {} for name in (*FACET_FIELDS, "profession")}


def sorted_counts(counts: dict[str, int]) -> dict[str, int]:
    """Largest first, then by value: the order search/ returns facets in."""
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))


def hit(doc: dict, q: SearchQuery, distance: float | None, snippet: str = "") -> Hit:
    """A result row from a stored document (a ``SearchDocument`` or a row with its keys)."""
    count = int(doc.get("rating_count") or 0)
    since = doc.get("practicing_since")
    until = doc.get("verified_until")
    return Hit(
        id=int(doc["id"]), slug=doc["slug"], external_id=doc.get("external_id"),
        name=doc["name"], credentials=doc.get("credentials") or "",
        profession=doc.get("profession") or "other", clinic=doc.get("clinic") or "",
        city=doc.get("city") or "", state=doc.get("state") or "",
        postal_code=doc.get("postal_code") or "",
        verified=bool(until) and str(until) >= q.today.isoformat(),
        rating_average=round(doc["rating_sum"] / count, 1) if count else None,
        rating_count=count, price_min=doc.get("price_min"), price_max=doc.get("price_max"),
        currency=doc.get("currency") or "USD",
        years_experience=max(0, q.today_year - since) if since else None,
        distance_km=round(distance, 1) if distance is not None and math.isfinite(distance)
        else None,
        lat=doc.get("lat"), lon=doc.get("lon"), treatments=list(doc.get("treatments") or []),
        concerns=list(doc.get("concerns") or []), devices=list(doc.get("devices") or []),
        highlight=snippet,
    )  # fmt: skip
