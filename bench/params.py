"""API parameters -> SearchQuery for the direct (no Flask) benchmark paths.

Mirrors what the app does: a place in ``near`` (or a place phrase found in the text) is resolved
offline with the ``zipcodes`` gazetteer, then searched with coordinates.
"""

from __future__ import annotations

import re
from functools import cache

import zipcodes

from search import ResultPage, SearchQuery
from search.understanding import split_place

LATLON_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
CITY_RE = re.compile(r"^\s*(.+?)\s*,\s*([A-Za-z]{2})\s*$")


@cache
def resolve(place: str) -> tuple[float, float] | None:
    """ZIP, "lat,lon" or "City, ST" -> (lat, lon); None when unknown."""
    if m := LATLON_RE.match(place):
        return float(m.group(1)), float(m.group(2))
    if re.fullmatch(r"\d{5}", place.strip()):
        rows = zipcodes.matching(place.strip())
    elif m := CITY_RE.match(place):
        city = m.group(1).lower()
        rows = [
            r for r in zipcodes.filter_by(state=m.group(2).upper()) if r["city"].lower() == city
        ]
        rows = [r for r in rows if r["zip_code_type"] == "STANDARD"] or rows
    else:
        return None
    if not rows:
        return None
    lats = [float(r["lat"]) for r in rows]
    lons = [float(r["long"]) for r in rows]
    return sum(lats) / len(lats), sum(lons) / len(lons)


def to_query(params: dict, highlights: bool = False) -> SearchQuery:
    """A SearchQuery for one entry of bench.queries.QUERIES, the place resolved first (from
    ``near`` or a place phrase in the text, as the app does) so every engine searches once.
    No bio snippets by default: the JSON API shows none."""
    near = resolve(params["near"]) if params.get("near") else None
    if near is None and (place := split_place(params.get("q", ""))[1]):
        near = resolve(place)
    return SearchQuery(
        text=params.get("q", ""),
        treatments=list(params.get("treatment", [])),
        concerns=list(params.get("concern", [])),
        devices=list(params.get("device", [])),
        profession=params.get("profession"),
        skin_type=int(params["skin_type"]) if params.get("skin_type") else None,
        verified=params.get("verified") == "true",
        min_rating=float(params["min_rating"]) if params.get("min_rating") else None,
        max_price=int(params["max_price"]) if params.get("max_price") else None,
        near=near,
        radius_km=float(params.get("radius_km", 40)),
        sort=params.get("sort", "relevance"),
        page=int(params.get("page", 1)),
        per_page=int(params.get("per_page", 20)),
        highlights=highlights,
    )


def run_query(index, params: dict) -> ResultPage:
    """Search like the JSON API: the place understood first, one search (the engine cuts the
    place phrase out of the text again)."""
    return index.search(to_query(params))
