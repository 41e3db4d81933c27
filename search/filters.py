"""Validation of a SearchQuery and its filters as Whoosh query objects.

Filters are plain Whoosh queries (Term, NumericRange, And); ``generation.Generation.mask`` turns
each into a cached boolean array per index generation, so a repeated filter costs nothing.
"""

from __future__ import annotations

import math

from whoosh import query as wq

from search.errors import QueryError
from search.geo import bounding_box
from search.model import SORTS, SearchQuery
from search.schema import COORD_SCALE, FEATURES
from search.vocabulary import DARKER_SKIN_TYPES, GENDER_LABELS, LANGUAGE_LABELS, PAYMENT_LABELS

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_RADIUS_KM = 500.0


def validate(q: SearchQuery) -> None:
    """QueryError with a user-safe message for any parameter search/ cannot honour."""
    if q.sort not in SORTS:
        raise QueryError(f"Unknown sort {q.sort!r}: use one of {', '.join(SORTS)}.")
    if q.sort == "distance" and q.near is None:
        raise QueryError("Sorting by distance needs a place to measure from (near).")
    if not isinstance(q.page, int) or not 1 <= q.page <= MAX_PAGE:
        raise QueryError(f"page must be a whole number from 1 to {MAX_PAGE}.")
    if not isinstance(q.per_page, int) or not 1 <= q.per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}.")
    if q.skin_type is not None and q.skin_type not in range(1, 7):
        raise QueryError("skin_type must be a Fitzpatrick type from 1 to 6.")
    if q.min_rating is not None and not (math.isfinite(q.min_rating) and 0 <= q.min_rating <= 5):
        raise QueryError("min_rating must be between 0 and 5.")
    if q.max_price is not None and q.max_price < 0:
        raise QueryError("max_price cannot be negative.")
    _check_slugs("language", q.languages, LANGUAGE_LABELS)
    _check_slugs("payment", q.payment, PAYMENT_LABELS)
    _check_slugs("gender", [q.gender] if q.gender else [], GENDER_LABELS)
    if q.near is not None:
        lat, lon = q.near
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90
                and -180 <= lon <= 180):  # fmt: skip
            raise QueryError("near must be a latitude (-90..90) and a longitude (-180..180).")
        if not (math.isfinite(q.radius_km) and 0 < q.radius_km <= MAX_RADIUS_KM):
            raise QueryError(f"radius_km must be more than 0 and at most {MAX_RADIUS_KM:g}.")


def _check_slugs(name: str, values: list[str], known: dict[str, str]) -> None:
    for value in values:
        if value not in known:
            raise QueryError(f"Unknown {name} {value[:40]!r}: use one of {', '.join(known)}.")


def _scaled(value: float) -> int:
    return round(value * COORD_SCALE)


def near_filter(lat: float, lon: float, radius_km: float) -> wq.Query:
    """Bounding-box prefilter on the scaled coordinates; exact distance is checked after."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    return wq.And([
        wq.NumericRange("lat_e5", _scaled(min_lat) - 1, _scaled(max_lat) + 1),
        wq.NumericRange("lon_e5", _scaled(min_lon) - 1, _scaled(max_lon) + 1),
    ])  # fmt: skip


def filter_parts(q: SearchQuery) -> list[wq.Query]:
    """Every filter of the query as a separate Whoosh query (each cached on its own)."""
    parts: list[wq.Query] = []
    parts += [wq.Term("treatments", slug) for slug in dict.fromkeys(q.treatments)]
    parts += [wq.Term("concerns", slug) for slug in dict.fromkeys(q.concerns)]
    parts += [wq.Term("devices", slug) for slug in dict.fromkeys(q.devices)]
    if q.profession:
        parts.append(wq.Term("profession", q.profession))
    if q.skin_type is not None:
        parts.append(wq.Term("skin_types", str(q.skin_type)))
    if q.darker_skin:
        parts += [wq.Term("skin_types", str(n)) for n in DARKER_SKIN_TYPES]
    parts += [wq.Term("languages", slug) for slug in dict.fromkeys(q.languages)]
    parts += [wq.Term("payment", slug) for slug in dict.fromkeys(q.payment)]
    if q.gender:
        parts.append(wq.Term("gender", q.gender))
    wanted = {"accepting_new_patients": q.accepting_new_patients,
              "free_consultation": q.free_consultation, "evenings": q.evenings,
              "weekends": q.weekends}  # fmt: skip
    parts += [wq.Term("features", name) for name in FEATURES if wanted[name]]
    if q.verified:
        # Compared with the query's day: the mask cache is keyed by this range, so it can
        # never serve yesterday's answer.
        parts.append(wq.NumericRange("verified_until", q.today.toordinal(), None))
    if q.min_rating is not None and q.min_rating > 0:
        # plain average >= r  <=>  floor(100 * sum / count) >= ceil(100 * r)
        parts.append(wq.NumericRange("rating_avg100", math.ceil(q.min_rating * 100 - 1e-9), None))
    if q.max_price is not None:
        parts.append(wq.NumericRange("price_min", 0, int(q.max_price)))
    if q.near is not None:
        parts.append(near_filter(q.near[0], q.near[1], q.radius_km))
    return parts
