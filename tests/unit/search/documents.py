"""Small hand-made search documents for the search/ unit tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from search import SearchDocument, SearchIndex, SearchQuery

AUSTIN = (30.2672, -97.7431)
ROUND_ROCK = (30.5083, -97.6789)  # ~28 km north of Austin
DALLAS = (32.7767, -96.7970)  # ~290 km from Austin

_DEFAULTS: dict[str, Any] = {
    "external_id": None,
    "credentials": "",
    "profession": "esthetician",
    "clinic": "",
    "bio": "Skin care and facials in a calm studio.",
    "city": "Austin",
    "state": "TX",
    "postal_code": "78701",
    "lat": AUSTIN[0],
    "lon": AUSTIN[1],
    "verified_until": None,
    "rating_sum": 0,
    "rating_count": 0,
    "price_min": None,
    "price_max": None,
    "currency": "USD",
    "practicing_since": None,
    "treatments": [],
    "concerns": [],
    "devices": [],
    "device_names": [],
    "skin_types": [],
    "accepting_new_patients": True,
    "languages": [],
    "payment": [],
    "gender": None,
    "free_consultation": False,
    "evenings": False,
    "weekends": False,
    "version": "v1",
}


def make_doc(doc_id: int, name: str, **fields: Any) -> SearchDocument:
    """A complete search document; anything not given gets a bland default. A field name
    ``SearchDocument`` does not know makes the index refuse the document (DocumentError)."""
    slug = name.lower().replace(" ", "-") + f"-{doc_id}"
    # verified=True is shorthand for a badge valid for a year from today.
    if fields.pop("verified", False):
        fields.setdefault("verified_until", (date.today() + timedelta(days=365)).isoformat())
    return cast(SearchDocument, {**_DEFAULTS, "id": doc_id, "slug": slug, "name": name, **fields})


def filler(start: int, count: int) -> list[SearchDocument]:
    """Unremarkable listings, so term statistics look like a real corpus."""
    return [
        make_doc(
            start + i,
            f"Filler Person{i}",
            bio=f"Gentle facials, chemical peels and skin care advice. Studio number {i}.",
            treatments=["facial", "chemical_peel"],
            city="Houston",
            postal_code="77002",
            lat=29.7604,
            lon=-95.3698,
            practicing_since=2010 + i % 10,
            price_min=80 + i,
        )
        for i in range(count)
    ]


def slugs(index: SearchIndex, **query: Any) -> list[str]:
    """Slugs of the first page of results for a query given as keyword arguments."""
    return [hit.slug for hit in index.search(SearchQuery(**query)).hits]
