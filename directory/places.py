"""Places from the offline gazetteer (the ``zipcodes`` package): ZIP, ZIP+4, "City, ST", "lat,lon".

Everything is indexed in memory once per process, so a lookup costs a dictionary access.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

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
_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_STATE_NAMES = {name.lower(): code for code, name in US_STATES.items()}
_lock = threading.Lock()


@dataclass
class _Gazetteer:
    zips: dict[str, Place]
    cities: dict[tuple[str, str], Place]


def _norm_city(city: str) -> str:
    city = re.sub(r"[^a-z0-9 ]+", " ", city.lower())
    city = re.sub(r"\bsaint\b", "st", city)
    return re.sub(r"\s+", " ", city).strip()


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import zipcodes  # imported lazily: loading its data takes a moment

    with _lock:
        zips: dict[str, Place] = {}
        sums: dict[tuple[str, str], list] = {}
        for row in zipcodes.list_all():
            try:
                lat, lon = float(row["lat"]), float(row["long"])
            except (TypeError, ValueError):
                continue
            city, state = row["city"].title(), row["state"]
            place = Place(
                lat, lon, f"{city}, {state} {row['zip_code']}", city, state, row["zip_code"]
            )
            zips[row["zip_code"]] = place
            # City centroids from standard (street-delivery) ZIPs only: PO boxes skew them.
            if row.get("zip_code_type") in ("STANDARD", None) and row.get("active", True):
                entry = sums.setdefault((_norm_city(city), state), [0.0, 0.0, 0, city])
                entry[0] += lat
                entry[1] += lon
                entry[2] += 1
        cities = {
            key: Place(
                round(s_lat / n, 4), round(s_lon / n, 4), f"{name}, {key[1]}", name, key[1], None
            )
            for key, (s_lat, s_lon, n, name) in sums.items()
        }
        return _Gazetteer(zips, cities)


def lookup_zip(zip5: str) -> Place | None:
    """The place of a 5-digit ZIP code (ZIP+4 accepted), or None."""
    match = _ZIP.match(zip5 or "")
    return _gazetteer().zips.get(match.group(1)) if match else None


def _state_code(text: str) -> str | None:
    text = text.strip().rstrip(".")
    if len(text) == 2 and text.upper() in US_STATES:
        return text.upper()
    return _STATE_NAMES.get(text.lower())


def find_city(city: str, state: str | None) -> Place | None:
    """The centroid of ``city`` in ``state`` (two letters or the state's name), or None."""
    code = _state_code(state or "")
    if not code:
        return None
    return _gazetteer().cities.get((_norm_city(city), code))


def _split_city_state(text: str) -> tuple[str, str] | None:
    if "," in text:
        city, _, state = text.rpartition(",")
        return city, state
    words = text.split()
    for take in (2, 1):  # "new york" then "tx"
        if len(words) > take and _state_code(" ".join(words[-take:])):
            return " ".join(words[:-take]), " ".join(words[-take:])
    return None


def resolve(text: str) -> Place:
    """Resolve a ZIP, ZIP+4, "City, ST", "City State" or "lat,lon"; raises UnknownPlace."""
    text = (text or "").strip()
    if not text:
        raise UnknownPlace("Enter a 5-digit ZIP code or a city and state, e.g. “Austin, TX”.")
    if _ZIP.match(text):
        place = lookup_zip(text)
        if place is None:
            raise UnknownPlace(f"We could not find the ZIP code “{text[:5]}”.")
        return place
    latlon = _LATLON.match(text)
    if latlon:
        lat, lon = float(latlon.group(1)), float(latlon.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UnknownPlace(
                "Coordinates must be a latitude (-90..90) and longitude (-180..180)."
            )
        return Place(lat, lon, f"{lat:.4f}, {lon:.4f}", "", "", None)
    parts = _split_city_state(text)
    place = find_city(*parts) if parts else None
    if place is None:
        shown = text[:60]
        raise UnknownPlace(
            f"We could not find “{shown}”. Try a 5-digit ZIP code or “City, ST”, e.g. “Austin, TX”."
        )
    return place


def city_names() -> list[tuple[str, str]]:
    """Every (city, ST) the gazetteer knows, for autocomplete."""
    return sorted((p.city, p.state) for p in _gazetteer().cities.values())
