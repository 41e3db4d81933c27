"""The one parser and validator of search parameters (CONTRACT section 5), for ``/search`` and
``GET /api/v1/practitioners`` alike: query-string arguments in, ``SearchParams`` out (which
give the ``search.SearchQuery`` and shareable links), places resolved with ``directory.places``.
``directory.services.search`` runs them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from directory import facts, vocabulary
from directory.catalogue_data import DEVICES
from search import QueryFilters, SearchQuery

SORTS = {
    "relevance": "Best match",
    "rating": "Highest rated",
    "price": "Lowest price",
    "experience": "Most experienced",
    "distance": "Nearest",
}
DEVICE_NAMES = {device["slug"]: device["name"] for device in DEVICES}
DEFAULT_RADIUS_KM = QueryFilters().radius_km  # defaults are defined once, in search.model
MAX_RADIUS_KM = 500.0
DEFAULT_PER_PAGE = QueryFilters().per_page
MAX_PER_PAGE = 50
MAX_PAGE = 10_000
MAX_PRICE = 1_000_000
MAX_Q = 200
MAX_NEAR = 100
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}
LAT_LON = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# Yes/no filters: parameter -> SearchParams attribute (the same name).
FLAG_FILTERS = ("darker_skin", "accepting_new_patients", "free_consultation", "evenings",
                "weekends")  # fmt: skip
# A concept read from the text, by kind, and the parameter the filter panel shows it as.
FROM_TEXT = {"treatment": "treatments", "concern": "concerns", "device": "devices",
             "skin": "darker_skin", "max_price": "max_price"}  # fmt: skip
CONCEPT_KEY = re.compile(r"^([a-z_]{1,20}):([a-z0-9_]{1,40})$")
MAX_IGNORED = 20


class ParamError(ValueError):
    """A search parameter the user must fix: ``param`` names it (None: the query as a whole),
    ``code`` is the API error code, ``message`` is safe to show."""

    def __init__(self, param: str | None, message: str, code: str = "bad_parameter") -> None:
        super().__init__(message)
        self.param = param
        self.message = message
        self.code = code
        self.errors: dict[str | None, ParamError] = {param: self}


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: a resolved place or typed coordinates."""

    lat: float
    lon: float
    label: str


# The filters are defined once, in search.model.QueryFilters; SearchParams adds what a user
# types (q, near) and the place resolved from it.
FILTER_FIELDS = tuple(f.name for f in fields(QueryFilters))


@dataclass
class SearchParams(QueryFilters):
    """Validated search parameters, with the place in ``near`` already resolved."""

    q: str = ""
    near: str = ""
    origin: Origin | None = None

    def query(
        self, prior: float, origin: Origin | None = None, *, highlights: bool = True
    ) -> SearchQuery:
        """The ``SearchQuery`` for these parameters (optionally from another origin)."""
        origin = origin or self.origin
        shared = {name: _copied(getattr(self, name)) for name in FILTER_FIELDS}
        return SearchQuery(
            **shared,
            text=self.q,
            near=(origin.lat, origin.lon) if origin else None,
            rating_prior_mean=prior,
            highlights=highlights,
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The parameters as query-string pairs, defaults left out (for shareable links)."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        out += [("treatment", s) for s in self.treatments]
        out += [("concern", s) for s in self.concerns]
        out += [("device", s) for s in self.devices]
        out += [("language", s) for s in self.languages]
        out += [("payment", s) for s in self.payment]
        out += [(name, "true") for name in FLAG_FILTERS if getattr(self, name)]
        optional = {
            "profession": self.profession,
            "skin_type": self.skin_type,
            "verified": "true" if self.verified else None,
            "min_rating": _number(self.min_rating),
            "max_price": self.max_price,
            "gender": self.gender,
            "near": self.near or None,
        }
        out += [(k, str(v)) for k, v in optional.items() if v is not None]
        out += [("ignore", key) for key in self.ignore]
        if self.radius_km != DEFAULT_RADIUS_KM:  # also applies to a place typed inside q
            out.append(("radius_km", f"{self.radius_km:g}"))
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


def _copied(value: Any) -> Any:
    """Lists are copied so a query never shares (and mutates) the parameters' lists."""
    return list(value) if isinstance(value, list) else value


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


# -- parsing -------------------------------------------------------------------------------


def parse(args: MultiDict) -> SearchParams:
    """Validate query-string arguments. Every parameter is checked; the ParamError raised is
    the first problem, with all of them in its ``errors`` (for showing beside each field)."""
    errors: dict[str | None, ParamError] = {}

    def checked(parser, *parser_args, default=None):
        try:
            value = parser(args, *parser_args)
        except ParamError as error:
            errors.setdefault(error.param, error)
            return default
        return default if value is None else value

    params = SearchParams(
        q=checked(_text, "q", MAX_Q, "The search text", default=""),
        treatments=checked(_slugs, "treatment", vocabulary.TREATMENTS, default=[]),
        concerns=checked(_slugs, "concern", vocabulary.CONCERNS, default=[]),
        devices=checked(_slugs, "device", DEVICE_NAMES, default=[]),
        profession=checked(_choice, "profession", vocabulary.PROFESSIONS),
        skin_type=checked(_integer, "skin_type", 1, 6, "from 1 to 6 (a Fitzpatrick type)"),
        verified=checked(_boolean, "verified", default=False),
        min_rating=checked(_decimal, "min_rating", 0, 5, "from 0 to 5"),
        max_price=checked(_integer, "max_price", 0, MAX_PRICE, "of dollars, 0 or more"),
        languages=checked(_slugs, "language", facts.LANGUAGES, default=[]),
        payment=checked(_slugs, "payment", facts.PAYMENTS, default=[]),
        gender=checked(_choice, "gender", facts.GENDERS),
        ignore=checked(_concept_keys, "ignore", default=[]),
        radius_km=checked(_radius, default=DEFAULT_RADIUS_KM),
        sort=checked(_choice, "sort", SORTS, default="relevance"),
        page=checked(_integer, "page", 1, MAX_PAGE, f"from 1 to {MAX_PAGE:,}", default=1),
        per_page=checked(
            _integer, "per_page", 1, MAX_PER_PAGE, f"from 1 to {MAX_PER_PAGE}",
            default=DEFAULT_PER_PAGE,
        ),
        near=checked(_text, "near", MAX_NEAR, "The place", default=""),
    )  # fmt: skip
    for name in FLAG_FILTERS:
        setattr(params, name, checked(_boolean, name, default=False))
    if not errors:
        _take_from_text(params, checked(_concept_keys, "from_text", default=[]))
    if params.near and "near" not in errors:
        params.origin = checked(lambda _args: resolve_origin(params.near))
    if errors:
        first = next(iter(errors.values()))
        first.errors = errors
        raise first
    return params


def _concept_keys(args: MultiDict, name: str) -> list[str]:
    """``kind:slug`` keys of concepts read from the text (see ``search.understanding``)."""
    keys: list[str] = []
    for value in _values(args, name)[:MAX_IGNORED]:
        if not CONCEPT_KEY.match(value.lower()):
            raise ParamError(name, f"{name} must be like treatment:rf_microneedling.")
        if value.lower() not in keys:
            keys.append(value.lower())
    return keys


def _take_from_text(params: SearchParams, shown: list[str]) -> None:
    """The filter panel ticks what the text was read as and sends those keys back as
    ``from_text``. Still ticked: the text says it already, so the filter is not added again
    (the search stays the same). Unticked: remembered in ``ignore``, so the text is not read
    that way again."""
    for key in shown:
        kind, _, value = key.partition(":")
        name = FROM_TEXT.get(kind)
        if name is None:
            continue
        current = getattr(params, name)
        if isinstance(current, list):
            still = value in current
            if still:
                current.remove(value)
        elif isinstance(current, bool):
            still = current
            setattr(params, name, False)
        else:
            still = current is not None and str(current) == value
            if still or current is None:
                setattr(params, name, None)
        if not still and key not in params.ignore:
            params.ignore.append(key)


def _text(args: MultiDict, name: str, limit: int, what: str) -> str:
    text = " ".join(CONTROL.sub(" ", args.get(name, "")).split())
    if len(text) > limit:
        raise ParamError(name, f"{what} is too long: at most {limit} characters.")
    return text


def _radius(args: MultiDict) -> float | None:
    radius = _decimal(
        args, "radius_km", 0, MAX_RADIUS_KM, f"of kilometres, at most {MAX_RADIUS_KM:g}"
    )
    if radius is not None and radius <= 0:
        raise ParamError("radius_km", "radius_km must be more than 0.")
    return radius


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
        raise ParamError(name, f"{name} must be a whole number {expected}.")
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
        raise ParamError(name, f"{name} must be a number {expected}.")
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
    origin, problem = _resolve_place(" ".join(text.split()))
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
