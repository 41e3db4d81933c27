"""The one parser and validator of search parameters (CONTRACT section 5), for ``/search`` and
``GET /api/v1/practitioners`` alike, and the search they run: query-string arguments in, a
``search.SearchQuery`` and its ``ResultPage`` out, places resolved with ``directory.places``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from directory import indexing, vocabulary
from directory.catalogue_data import DEVICES
from search import QueryError, ResultPage, SearchIndex, SearchQuery

SORTS = {
    "relevance": "Best match",
    "rating": "Highest rated",
    "price": "Lowest price",
    "experience": "Most experienced",
    "distance": "Nearest",
}
DEVICE_NAMES = {device["slug"]: device["name"] for device in DEVICES}
DEFAULT_RADIUS_KM = 40.0
MAX_RADIUS_KM = 500.0
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_PAGE = 10_000
MAX_PRICE = 1_000_000
MAX_Q = 200
MAX_NEAR = 100
CACHE_SIZE = 256  # recent searches kept per process
CACHE_SECONDS = 30.0  # bounds staleness when an index is rebuilt with the same last seq
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}
LAT_LON = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


class ParamError(ValueError):
    """A search parameter the user must fix: ``param`` names it (None: the query as a whole),
    ``code`` is the API error code, ``message`` is safe to show."""

    def __init__(self, param: str | None, message: str, code: str = "bad_parameter") -> None:
        super().__init__(message)
        self.param = param
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a resolved place or typed coordinates."""

    lat: float
    lon: float
    label: str


@dataclass
class SearchParams:
    """Validated search parameters, with the place in ``near`` already resolved."""

    q: str = ""
    treatments: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    profession: str | None = None
    skin_type: int | None = None
    verified: bool = False
    min_rating: float | None = None
    max_price: int | None = None
    near: str = ""
    origin: Origin | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def query(self, prior: float, origin: Origin | None = None, sort: str | None = None):
        """The ``SearchQuery`` for these parameters (optionally from another origin)."""
        origin = origin or self.origin
        return SearchQuery(
            text=self.q, treatments=list(self.treatments), concerns=list(self.concerns),
            devices=list(self.devices), profession=self.profession, skin_type=self.skin_type,
            verified=self.verified, min_rating=self.min_rating, max_price=self.max_price,
            near=(origin.lat, origin.lon) if origin else None, radius_km=self.radius_km,
            sort=sort or self.sort, page=self.page, per_page=self.per_page,
            rating_prior_mean=prior,
        )  # fmt: skip

    def pairs(self) -> list[tuple[str, str]]:
        """The parameters as query-string pairs, defaults left out (for shareable links)."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        out += [("treatment", s) for s in self.treatments]
        out += [("concern", s) for s in self.concerns]
        out += [("device", s) for s in self.devices]
        optional = {
            "profession": self.profession,
            "skin_type": self.skin_type,
            "verified": "true" if self.verified else None,
            "min_rating": _number(self.min_rating),
            "max_price": self.max_price,
            "near": self.near or None,
        }
        out += [(k, str(v)) for k, v in optional.items() if v is not None]
        if self.near and self.radius_km != DEFAULT_RADIUS_KM:
            out.append(("radius_km", _number(self.radius_km)))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def changed(self, **changes: Any) -> SearchParams:
        """A copy with ``changes`` applied (None clears); any change other than the page
        itself goes back to page 1, and dropping the place drops sorting by distance."""
        params = replace(self, **changes)
        if "page" not in changes:
            params.page = 1
        if not params.near:
            params.origin = None
            params.radius_km = DEFAULT_RADIUS_KM
            if params.sort == "distance":
                params.sort = "relevance"
        return params

    def url(self, path: str = "/search", **changes: Any) -> str:
        """``path`` with these parameters and ``changes`` (see ``changed``) as a query string."""
        query = urlencode(self.changed(**changes).pairs() if changes else self.pairs())
        return f"{path}?{query}" if query else path


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


# -- parsing -------------------------------------------------------------------------------


def parse(args: MultiDict) -> SearchParams:
    """Validate query-string arguments; ParamError names the first bad one."""
    q = CONTROL.sub(" ", args.get("q", "")).strip()
    if len(q) > MAX_Q:
        raise ParamError("q", f"The search text is too long: at most {MAX_Q} characters.")
    params = SearchParams(
        q=" ".join(q.split()),
        treatments=_slugs(args, "treatment", vocabulary.TREATMENTS),
        concerns=_slugs(args, "concern", vocabulary.CONCERNS),
        devices=_slugs(args, "device", DEVICE_NAMES),
        profession=_choice(args, "profession", vocabulary.PROFESSIONS),
        skin_type=_integer(args, "skin_type", 1, 6, "a Fitzpatrick skin type from 1 to 6"),
        verified=_boolean(args, "verified"),
        min_rating=_decimal(args, "min_rating", 0, 5, "a rating from 0 to 5"),
        max_price=_integer(args, "max_price", 0, MAX_PRICE, "a whole amount, 0 or more"),
        sort=_choice(args, "sort", SORTS) or "relevance",
        page=_integer(args, "page", 1, MAX_PAGE, f"a page number from 1 to {MAX_PAGE:,}") or 1,
        per_page=_integer(args, "per_page", 1, MAX_PER_PAGE, f"a number from 1 to {MAX_PER_PAGE}")
        or DEFAULT_PER_PAGE,
    )
    radius = _decimal(
        args, "radius_km", 0, MAX_RADIUS_KM, f"more than 0 and at most {MAX_RADIUS_KM:g}"
    )
    if radius is not None:
        if radius <= 0:
            raise ParamError("radius_km", "radius_km must be more than 0.")
        params.radius_km = radius
    near = CONTROL.sub(" ", args.get("near", "")).strip()
    if len(near) > MAX_NEAR:
        raise ParamError("near", f"The place is too long: at most {MAX_NEAR} characters.")
    if near:
        params.near = near
        params.origin = resolve_origin(near)
    return params


def _values(args: MultiDict, name: str) -> list[str]:
    return [v.strip() for v in args.getlist(name) if v and v.strip()]


def _slugs(args: MultiDict, name: str, known: dict) -> list[str]:
    out = []
    for value in _values(args, name):
        slug = value.lower()
        if slug not in known:
            raise ParamError(name, f"Unknown {name} '{value[:40]}': use one of {', '.join(known)}.")
        if slug not in out:
            out.append(slug)
    return out


def _choice(args: MultiDict, name: str, known: dict) -> str | None:
    values = _values(args, name)
    if not values:
        return None
    value = values[0].lower()
    if value not in known:
        raise ParamError(name, f"Unknown {name} '{values[0][:40]}': use one of {', '.join(known)}.")
    return value


def _integer(args: MultiDict, name: str, low: int, high: int, expected: str) -> int | None:
    values = _values(args, name)
    if not values:
        return None
    try:
        value = int(values[0])
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ParamError(name, f"{name} must be {expected}.")
    return value


def _decimal(args: MultiDict, name: str, low: float, high: float, expected: str) -> float | None:
    values = _values(args, name)
    if not values:
        return None
    try:
        value = float(values[0])
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and low <= value <= high):
        raise ParamError(name, f"{name} must be {expected}.")
    return value


def _boolean(args: MultiDict, name: str) -> bool:
    values = _values(args, name)
    if not values:
        return False
    value = values[0].lower()
    if value not in TRUE | FALSE:
        raise ParamError(name, f"{name} must be true or false.")
    return value in TRUE


# -- places --------------------------------------------------------------------------------


def resolve_origin(text: str) -> Origin:
    """``lat,lon``, a US ZIP code or ``City, ST`` -> Origin; ParamError(unknown_place)."""
    match = LAT_LON.match(text)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ParamError("near", "near must be a latitude (-90 to 90) and a longitude.")
        return Origin(lat, lon, f"{lat:.4g}, {lon:.4g}")
    origin, problem = _resolve_place(" ".join(text.split()).lower())
    if origin is None:
        raise ParamError("near", problem, code="unknown_place")
    return origin


@lru_cache(maxsize=2048)
def _resolve_place(text: str) -> tuple[Origin | None, str]:
    """Cached: a place name always means the same point, and lookups are not free."""
    from directory import places

    try:
        place = places.resolve(text)
    except places.UnknownPlace as exc:
        message = str(exc) or f"We could not find the place '{text[:60]}'."
        return None, message
    label = place.label or ", ".join(p for p in (place.city, place.state) if p) or text
    return Origin(float(place.lat), float(place.lon), label), ""


# -- running -------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    """A result page and how it came about."""

    params: SearchParams
    page: ResultPage
    origin: Origin | None  # where distances were measured from, if anywhere
    origin_from_text: bool = False  # the place was typed inside q ("... near 78701")
    unknown_place: str | None = None  # a place typed inside q that could not be found


def search(args: MultiDict) -> SearchOutcome:
    """Parse ``args`` and run the search on this process's index.

    ParamError for bad parameters; search.IndexUnavailable when the index is missing.
    Popular searches (the home page's links, an empty search) are answered from a small
    per-process cache that a change to the index, or CACHE_SECONDS, invalidates."""
    params = parse(args)
    index = indexing.get_index()
    prior = indexing.rating_prior_mean()
    key = (index.path, index.last_seq(), prior, tuple(params.pairs()))
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            _cache.move_to_end(key)
            return cached[1]
    outcome = execute(index, params, prior)
    with _cache_lock:
        _cache[key] = (now, outcome)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return outcome


def execute(index: SearchIndex, params: SearchParams, prior: float) -> SearchOutcome:
    """Search; a place typed inside the text (when ``near`` was not given) is resolved and
    the search repeated around it."""
    wants_distance = params.sort == "distance" and params.origin is None
    first_sort = "relevance" if wants_distance else None
    page = _run(index, params.query(prior, sort=first_sort))
    outcome = SearchOutcome(params, page, params.origin)
    if params.origin is None and page.near_text:
        try:
            origin = resolve_origin(page.near_text)
        except ParamError:
            outcome.unknown_place = page.near_text
        else:
            outcome = SearchOutcome(params, _run(index, params.query(prior, origin)), origin, True)
    if wants_distance and outcome.origin is None:
        raise ParamError("sort", "Sorting by distance needs a place: fill in near.")
    return outcome


def _run(index: SearchIndex, query: SearchQuery) -> ResultPage:
    try:
        return index.search(query)
    except QueryError as exc:
        raise ParamError(None, str(exc)) from exc
