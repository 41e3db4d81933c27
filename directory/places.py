"""Places from the offline gazetteer (the ``zipcodes`` package): ZIP, ZIP+4, "City, ST", "lat,lon".

The gazetteer is read from a small read-only SQLite store (``directory.gazetteer_build`` makes
it from ``zipcodes`` once per machine, in a separate process). Loading ``zipcodes`` itself costs
every process about 140 MB of Python objects; the store costs a worker almost nothing, and all
workers share its pages through the operating system's cache. A lookup is an indexed read.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from directory import gazetteer_build
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


_store_path: Path | None = None
_local = threading.local()  # one read-only connection per thread and process
_build_lock = threading.Lock()


def normalise_city(city: str) -> str:
    """The comparison key of a city name: lower case, no punctuation, one spelling of Saint."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower()).split()
    words = [_CITY_WORDS.get(word, word) for word in words]
    return re.sub(r"\bmc (?=\w)", "mc", " ".join(words))


def pretty_city(name: str) -> str:
    """The gazetteer writes "Mc Lean" and "Mckeesport"; people write "McLean", "McKeesport"."""
    return re.sub(r"\bMc ?([a-z])", lambda m: "Mc" + m.group(1).upper(), name, flags=re.I)


def default_store_path() -> Path:
    """``instance/places-<zipcodes version>-f<format>.sqlite`` in the project: a new release of
    the data or of the store's tables gets a new file."""
    version = metadata.version("zipcodes")
    root = Path(__file__).resolve().parent.parent
    return root / "instance" / f"places-{version}-f{gazetteer_build.FORMAT}.sqlite"


def use_store(path: str | os.PathLike[str] | None) -> None:
    """Read places from ``path`` (built there on first use); None means the default."""
    global _store_path
    _store_path = Path(path) if path else None
    _local.__dict__.clear()
    _lookup_zip5.cache_clear()


def _connection() -> sqlite3.Connection:
    """This thread's read-only connection to the store, building the store when it is missing.
    A forked worker opens its own (a SQLite connection must not cross a fork)."""
    connection = getattr(_local, "connection", None)
    if connection is not None and getattr(_local, "pid", None) == os.getpid():
        return connection
    path = ensure_store()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    _local.connection, _local.pid = connection, os.getpid()
    return connection


def _build_store(path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "directory.gazetteer_build", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"could not build the place store {path}: {completed.stderr[-500:]}")


def ensure_store() -> Path:
    """The store's path, built first when it is missing (once, however many threads ask)."""
    path = _store_path or default_store_path()
    if not path.exists():
        with _build_lock:  # one thread builds; the others wait instead of building again
            if not path.exists():
                _build_store(path)
    return path


@lru_cache(maxsize=8192)
def _lookup_zip5(code: str) -> Place | None:
    row = (
        _connection()
        .execute("SELECT lat, lon, city, state FROM zips WHERE code = ?", (code,))
        .fetchone()
    )
    if row is None:
        return None
    lat, lon, city, state = row
    return Place(lat, lon, f"{city}, {state} {code}", city, state, code)


def every_zip() -> list[tuple[str, str, str]]:
    """(ZIP, city, state) of every ZIP code the gazetteer knows, in ZIP order."""
    return list(_connection().execute("SELECT code, city, state FROM zips ORDER BY code"))


def lookup_zip(zip5: str) -> Place | None:
    """The place of a 5-digit ZIP code (ZIP+4 accepted), or None."""
    match = _ZIP.match(zip5 or "")
    return _lookup_zip5(match.group(1)) if match else None


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
    key = normalise_city(city)
    row = (
        _connection()
        .execute("SELECT name, lat, lon FROM cities WHERE key = ? AND state = ?", (key, code))
        .fetchone()
    )
    if row is None:
        return None
    name, lat, lon = row
    return Place(lat, lon, f"{name}, {code}", name, code, None)


def zips_of_city(city: str, state: str) -> list[str]:
    """The street-delivery ZIP codes of a city (all its ZIPs when it has none), sorted."""
    code = state_code(state)
    if not code:
        return []
    row = (
        _connection()
        .execute(
            "SELECT zips FROM cities WHERE key = ? AND state = ?", (normalise_city(city), code)
        )
        .fetchone()
    )
    return row[0].split() if row else []


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
    rows = (
        _connection()
        .execute(
            "SELECT state, name, lat, lon, zips FROM cities WHERE key = ? ORDER BY state", (key,)
        )
        .fetchall()
    )
    if len(rows) == 1:
        state, name, lat, lon, _zips = rows[0]
        return Place(lat, lon, f"{name}, {state}", name, state, None)
    if not rows:
        raise UnknownPlace(f'We could not find "{text[:60]}". {_HINT}')
    # The example is the biggest of them (most ZIP codes): "Austin, TX", not "Austin, AR".
    biggest, name, *_rest = max(rows, key=lambda row: len(row[4].split()))
    raise UnknownPlace(
        f'We could not tell which "{name}" you mean: {len(rows)} states have one. '
        f'Add the state, such as "{name}, {biggest}".'
    )
