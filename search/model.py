"""The value types of the search API (docs/search.md): the document the app hands to search,
the query it asks, and the page of results it gets back."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypedDict

SORTS = ("relevance", "rating", "price", "experience", "distance")


def _this_year() -> int:
    return datetime.date.today().year


def _today() -> datetime.date:
    return datetime.date.today()


class SearchDocument(TypedDict):
    """One listing as search indexes and stores it: every key required, no others.

    A TypedDict, not a dataclass: it is a plain dict at run time (stored as the hit's row and
    hashed into ``version`` as it is), so indexing pays nothing for it, while mypy rejects a
    misspelt or missing key in every producer. ``search.schema.index_fields`` refuses at index
    time any document whose keys differ (producers outside mypy: tests, JSON from the change log).
    """

    id: int
    slug: str
    external_id: str | None
    name: str
    credentials: str
    profession: str
    clinic: str
    bio: str
    city: str
    state: str
    postal_code: str
    lat: float | None
    lon: float | None
    verified_until: str | None  # ISO day the badge holds through; None: never verified
    rating_sum: int
    rating_count: int
    price_min: int | None
    price_max: int | None
    currency: str
    practicing_since: int | None
    treatments: list[str]
    concerns: list[str]
    devices: list[str]
    device_names: list[str]
    skin_types: list[int]
    accepting_new_patients: bool
    # Facts patients filter on (issue 11); hours arrive derived as two flags.
    languages: list[str]
    payment: list[str]
    gender: str | None  # self-declared; None when not given
    free_consultation: bool
    evenings: bool  # open after 18:00 on some day
    weekends: bool  # open on Saturday or Sunday
    version: str  # content hash of the rest; ``search check`` compares it with the database


DOCUMENT_KEYS = frozenset(SearchDocument.__required_keys__)


@dataclass
class QueryFilters:
    """The parameters a user sets, shared by ``SearchQuery`` and the app's parsed parameters
    (``directory.params.SearchParams`` subclasses this): one definition of their names, types
    and defaults. Lists are ANDed: every listed treatment must be offered."""

    treatments: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    profession: str | None = None
    skin_type: int | None = None
    verified: bool = False
    min_rating: float | None = None
    max_price: int | None = None
    darker_skin: bool = False  # treats Fitzpatrick IV, V and VI
    languages: list[str] = field(default_factory=list)  # every one spoken
    payment: list[str] = field(default_factory=list)  # every one accepted
    gender: str | None = None
    accepting_new_patients: bool = False
    free_consultation: bool = False
    evenings: bool = False
    weekends: bool = False
    # Concepts read from the text that the user unticked ("treatment:rf_microneedling",
    # "skin:darker_skin", "max_price:300"): the text is not read that way again.
    ignore: list[str] = field(default_factory=list)
    radius_km: float = 40.0
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class SearchQuery(QueryFilters):
    """What the user asked for: the filters, the text, where distances are measured from, and
    what the query is judged against (the rating prior, this year, today)."""

    text: str = ""
    near: tuple[float, float] | None = None
    rating_prior_mean: float = 4.0
    today_year: int = field(default_factory=_this_year)
    # The day the verified filter and badge are judged on: documents keep ``verified_until``,
    # so a badge lapses with the calendar without re-indexing.
    today: datetime.date = field(default_factory=_today)
    # Bio snippets with the matched words marked: a third of a text query's time at 100k, so
    # callers that show no snippets (the JSON API) turn them off.
    highlights: bool = True


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
