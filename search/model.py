"""The value types of the search API (SEARCH_INTERFACE.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

SORTS = ("relevance", "rating", "price", "experience", "distance")


def _this_year() -> int:
    return datetime.date.today().year


def _today() -> datetime.date:
    return datetime.date.today()


@dataclass
class SearchQuery:
    """What the user asked for. Lists are ANDed: every listed treatment must be offered."""

    text: str = ""
    treatments: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    profession: str | None = None
    skin_type: int | None = None
    verified: bool = False
    min_rating: float | None = None
    max_price: int | None = None
    near: tuple[float, float] | None = None
    radius_km: float = 40.0
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    rating_prior_mean: float = 4.0
    today_year: int = field(default_factory=_this_year)
    # The day the verified filter and badge are judged on: documents keep ``verified_until``,
    # so a badge lapses with the calendar without re-indexing.
    today: datetime.date = field(default_factory=_today)


@dataclass
class Hit:
    """Everything a result card or an API row needs, from stored fields only."""

    id: int
    slug: str
    external_id: str | None
    name: str
    credentials: str
    profession: str
    clinic: str
    city: str
    state: str
    postal_code: str
    verified: bool  # verified on the query's ``today``
    rating_average: float | None
    rating_count: int
    price_min: int | None
    price_max: int | None
    currency: str
    years_experience: int | None
    distance_km: float | None
    lat: float | None
    lon: float | None
    treatments: list[str]
    concerns: list[str]
    devices: list[str]
    highlight: str


@dataclass
class ResultPage:
    """One page of results with totals, facets and what the query was understood as."""

    total: int
    page: int
    per_page: int
    suggestion: str | None
    facets: dict[str, dict[str, int]]
    hits: list[Hit]
    understood: dict[str, list[str]]
    near_text: str | None = None
