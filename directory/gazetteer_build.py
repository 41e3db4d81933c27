"""Builds the read-only place store behind ``directory.places`` from the ``zipcodes`` package.

Run in its own process (``python -m directory.gazetteer_build OUT``) so that the web worker that
needs the store never loads ``zipcodes`` itself: the package keeps all 42,000 rows as Python
dicts, about 140 MB per process for as long as it lives. The store is a small SQLite file that
every worker reads through the operating system's shared page cache.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from directory.vocabulary import US_STATES

# Bump when the tables below change: a store of another format is rebuilt.
FORMAT = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE zips (code TEXT PRIMARY KEY, lat REAL, lon REAL, city TEXT, state TEXT)
    WITHOUT ROWID;
CREATE TABLE cities (key TEXT, state TEXT, name TEXT, lat REAL, lon REAL, zips TEXT,
    PRIMARY KEY (key, state)) WITHOUT ROWID;
"""


def build(target: Path) -> Path:
    """Write the store to ``target`` atomically (a temporary file renamed over it), so that a
    reader never sees half a file and two builders at once cannot corrupt it."""
    import zipcodes

    from directory.places import normalise_city, pretty_city

    zips: list[tuple[str, float, float, str, str]] = []
    standard: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    other: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    display: dict[tuple[str, str], str] = {}
    for row in zipcodes.list_all():
        state = row["state"]
        if state not in US_STATES:  # military and overseas territories
            continue
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        city, code = pretty_city(row["city"]), row["zip_code"]
        zips.append((code, lat, lon, city, state))
        key = (normalise_city(city), state)
        display.setdefault(key, city)
        # City centroids from active street-delivery ZIPs: PO-box and single-firm ZIPs sit
        # at post offices and headquarters and would pull the centre off.
        usable = row.get("zip_code_type") == "STANDARD" and row.get("active", True)
        (standard if usable else other).setdefault(key, []).append((code, lat, lon))
    cities = []
    for key, name in display.items():
        members = standard.get(key) or other[key]
        lat = round(sum(m[1] for m in members) / len(members), 4)
        lon = round(sum(m[2] for m in members) / len(members), 4)
        codes = " ".join(sorted(m[0] for m in members))
        cities.append((key[0], key[1], name, lat, lon, codes))

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO zips VALUES (?, ?, ?, ?, ?)", zips)
        connection.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)", cities)
        connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
        connection.commit()
    finally:
        connection.close()
    os.replace(temporary, target)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
