"""Places from the offline gazetteer (the ``zipcodes`` package): ZIP, ZIP+4, "City, ST", "lat,lon".

``zipcodes`` scans a 40,000-row list on every lookup, so the rows are indexed in memory once
per process (ZIP -> place, (city, state) -> centroid); after that a lookup is a dict access.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from directory.vocabulary import US_STATES


@dataclass(frozen=True)
class Place:
    """A resolved place: coordinates plus a label fit to show back to the user."""

    lat: float
    lon: float
    label: str
    city: str
    state: str
    postal_code: str | None


class UnknownPlace(ValueError):
    """The text names no place we know; the message is safe to show."""


_ZIP = re.compile(r"^\s*(\d{5})(?:[-\s]?\d{4})?\s*$")
_TRAILING_ZIP = re.compile(r"[\s,](\d{5})(?:-\d{4})?$")
_LATLON = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")
_STATE_NAMES = {name.lower(): code for code, name in US_STATES.items()}
# Both sides of a comparison are reduced to one spelling: "Saint Louis" = "St. Louis",
# "Mc Lean" (the gazetteer's spelling) = "McLean", "Fort Worth" = "Ft Worth".
_CITY_WORDS = {"saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt"}
_HINT = 'Try a 5-digit ZIP code or "City, ST".'


@dataclass
class _Gazetteer:
    zips: dict[str, Place]
    cities: dict[tuple[str, str], Place]
    zips_by_city: dict[tuple[str, str], list[str]]
    states_by_city: dict[str, list[str]]  # normalised city name -> states that have one


_gazetteer_cache: _Gazetteer | None = None
_lock = threading.Lock()


def normalise_city(city: str) -> str:
    """The comparison key of a city name: lower case, no punctuation, one spelling of Saint."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower()).split()
    words = [_CITY_WORDS.get(word, word) for word in words]
    return re.sub(r"\bmc (?=\w)", "mc", " ".join(words))


def _pretty_city(name: str) -> str:
    """The gazetteer writes "Mc Lean" and "Mckeesport"; people write "McLean", "McKeesport"."""
    return re.sub(r"\bMc ?([a-z])", lambda m: "Mc" + m.group(1).upper(), name, flags=re.I)


def _build() -> _Gazetteer:
    import zipcodes  # imported lazily: loading its data takes about a second

    zips: dict[str, Place] = {}
    standard: dict[tuple[str, str], list[Place]] = {}
    other: dict[tuple[str, str], list[Place]] = {}
    display: dict[tuple[str, str], str] = {}
    for row in zipcodes.list_all():
        state = row["state"]
        if state not in US_STATES:  # military and overseas territories
            continue
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        city, code = _pretty_city(row["city"]), row["zip_code"]
        place = Place(lat, lon, f"{city}, {state} {code}", city, state, code)
        zips[code] = place
        key = (normalise_city(city), state)
        display.setdefault(key, city)
        # City centroids from active street-delivery ZIPs: PO-box and single-firm ZIPs sit
        # at post offices and headquarters and would pull the centre off.
        usable = row.get("zip_code_type") == "STANDARD" and row.get("active", True)
        (standard if usable else other).setdefault(key, []).append(place)
    cities: dict[tuple[str, str], Place] = {}
    zips_by_city: dict[tuple[str, str], list[str]] = {}
    for key, name in display.items():
        members = standard.get(key) or other[key]
        lat = round(sum(p.lat for p in members) / len(members), 4)
        lon = round(sum(p.lon for p in members) / len(members), 4)
        cities[key] = Place(lat, lon, f"{name}, {key[1]}", name, key[1], None)
        zips_by_city[key] = sorted(p.postal_code for p in members if p.postal_code)
    states_by_city: dict[str, list[str]] = {}
    for city_key, state in sorted(cities):
        states_by_city.setdefault(city_key, []).append(state)
    return _Gazetteer(zips, cities, zips_by_city, states_by_city)


def _gazetteer() -> _Gazetteer:
    global _gazetteer_cache
    if _gazetteer_cache is None:
        with _lock:  # one thread builds; the others wait instead of building again
            if _gazetteer_cache is None:
                _gazetteer_cache = _build()
    return _gazetteer_cache


def warm_up() -> None:
    """Build the indexes now (they are otherwise built on first use)."""
    _gazetteer()


def lookup_zip(zip5: str) -> Place | None:
    """The place of a 5-digit ZIP code (ZIP+4 accepted), or None."""
    match = _ZIP.match(zip5 or "")
    return _gazetteer().zips.get(match.group(1)) if match else None


def state_code(text: str | None) -> str | None:
    """``"TX"``, ``"tx"``, ``"Texas"`` -> ``"TX"``; None for anything else."""
    text = (text or "").strip().rstrip(".")
    letters = text.replace(".", "").replace(" ", "")  # "D.C.", "N. Y." are two letters too
    if len(letters) == 2 and letters.upper() in US_STATES:
        return letters.upper()
    return _STATE_NAMES.get(" ".join(text.lower().split()))


def find_city(city: str, state: str | None) -> Place | None:
    """The centroid of ``city`` in ``state`` (two letters or the state's name), or None."""
    code = state_code(state)
    if not code or not city:
        return None
    return _gazetteer().cities.get((normalise_city(city), code))


def zips_of_city(city: str, state: str) -> list[str]:
    """The street-delivery ZIP codes of a city (all its ZIPs when it has none), sorted."""
    code = state_code(state)
    if not code:
        return []
    return list(_gazetteer().zips_by_city.get((normalise_city(city), code), []))


def _split_city_state(text: str) -> tuple[str, str] | None:
    if "," in text:
        city, _, state = text.rpartition(",")
        return city, state
    words = text.split()
    for take in (3, 2, 1):  # "district of columbia", "new york", "tx"
        if len(words) > take and state_code(" ".join(words[-take:])):
            return " ".join(words[:-take]), " ".join(words[-take:])
    return None


def resolve(text: str) -> Place:
    """Resolve a ZIP, ZIP+4, "City, ST", "City State" or "lat,lon"; raises UnknownPlace."""
    text = " ".join((text or "").split())
    if not text:
        raise UnknownPlace(f"Enter a place. {_HINT}")
    if _ZIP.match(text):
        place = lookup_zip(text)
        if place is None:
            raise UnknownPlace(f'We could not find the ZIP code "{text[:10]}". {_HINT}')
        return place
    latlon = _LATLON.match(text)
    if latlon:
        lat, lon = float(latlon.group(1)), float(latlon.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UnknownPlace(
                "Coordinates must be a latitude (-90 to 90) and a longitude (-180 to 180)."
            )
        return Place(lat, lon, f"{lat:.4f}, {lon:.4f}", "", "", None)
    trailing_zip = _TRAILING_ZIP.search(text)
    exact = lookup_zip(trailing_zip.group(1)) if trailing_zip else None
    if exact is not None:  # "Austin, TX 78701": the ZIP is exact
        return exact
    parts = _split_city_state(text)
    if parts is None:
        return _city_without_state(text)
    place = find_city(*parts)
    if place is None:
        raise UnknownPlace(f'We could not find "{text[:60]}". {_HINT}')
    return place


def _city_without_state(text: str) -> Place:
    """A city name alone: found when only one state has a city of that name."""
    key = normalise_city(text)
    states = _gazetteer().states_by_city.get(key, [])
    if len(states) == 1:
        return _gazetteer().cities[(key, states[0])]
    if not states:
        raise UnknownPlace(f'We could not find "{text[:60]}". {_HINT}')
    # The example is the biggest of them (most ZIP codes): "Austin, TX", not "Austin, AR".
    biggest = max(states, key=lambda state: len(_gazetteer().zips_by_city[(key, state)]))
    name = _gazetteer().cities[(key, biggest)].city
    raise UnknownPlace(
        f'We could not tell which "{name}" you mean: {len(states)} states have one. '
        f'Add the state, such as "{name}, {biggest}".'
    )
