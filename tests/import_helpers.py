"""Builders of practitioner import lines (CONTRACT section 4) for tests and for measuring.

``python -m tests.import_helpers 10000 > /tmp/practitioners.jsonl`` writes N valid lines in
real US places, for timing ``flask import practitioners``.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

# (city, state, ZIP) triples that exist in the gazetteer.
PLACES = (
    ("Austin", "TX", "78701"), ("Houston", "TX", "77002"), ("Denver", "CO", "80202"),
    ("Seattle", "WA", "98101"), ("Chicago", "IL", "60611"), ("Atlanta", "GA", "30309"),
    ("Miami", "FL", "33131"), ("Phoenix", "AZ", "85004"), ("Boston", "MA", "02116"),
    ("Portland", "OR", "97205"), ("Nashville", "TN", "37203"), ("Columbus", "OH", "43215"),
)  # fmt: skip


def practitioner_line(n: int = 1, **overrides: Any) -> dict[str, Any]:
    """A complete, valid import record; any key can be overridden (``None`` keeps it)."""
    city, state, postal_code = PLACES[(n - 1) % len(PLACES)]
    record: dict[str, Any] = {
        "external_id": f"test:{n}",
        "name": f"Jordan Rivera {n}",
        "credentials": "RN, BSN",
        "profession": "registered_nurse",
        "clinic": "Glow Skin Studio",
        "bio": "Registered nurse offering collagen induction therapy for acne scarring.",
        "address": f"{100 + n} Main St",
        "city": city,
        "state": state,
        "postal_code": postal_code,
        "country": "US",
        "phone": "+1 512 555 0100",
        "website": "https://glow.example.org",
        "practicing_since": 2015,
        "procedures_performed": 1200,
        "price_min": 150,
        "price_max": 450,
        "currency": "USD",
        "numbing_cream": True,
        "consultation": "free",
        "accepting_new_patients": True,
        "treatments": ["microneedling", "prp_microneedling"],
        "concerns": ["acne_scars", "fine_lines"],
        "devices": ["skinpen_precision"],
        "skin_types": [1, 2, 3, 4, 5, 6],
        "licences": [
            {
                "type": "Registered Nurse",
                "number": f"RN{100000 + n}",
                "authority": "Texas Board of Nursing",
                "jurisdiction": f"US-{state}",
                "expires_on": "2031-05-31",
                "status": "verified",
            }
        ],
    }
    record.update(overrides)
    return record


def jsonl(*records: dict[str, Any] | str) -> str:
    """Records as JSON Lines; a string is written as the line itself (for broken lines)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def write_jsonl(path: Path, *records: dict[str, Any] | str) -> Path:
    """Write ``records`` to ``path`` as JSON Lines and return the path."""
    path.write_text(jsonl(*records), encoding="utf-8")
    return path


def generated(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` varied valid records (prices, tags, coordinates left to the gazetteer)."""
    rng = random.Random(seed)
    treatments = ["microneedling", "prp_microneedling", "scalp_microneedling", "chemical_peel"]
    records = []
    for n in range(1, count + 1):
        low = rng.randrange(100, 400, 25)
        record = practitioner_line(
            n,
            price_min=low,
            price_max=low + rng.randrange(0, 600, 50),
            practicing_since=rng.randint(1995, 2024),
            treatments=rng.sample(treatments, rng.randint(1, 3)),
            concerns=rng.sample(["acne_scars", "fine_lines", "texture", "pores"], 2),
        )
        if n % 3:  # two thirds rely on the gazetteer for coordinates
            record["lat"], record["lon"] = 30.0 + rng.random(), -97.0 - rng.random()
        records.append(record)
    return records


if __name__ == "__main__":
    sys.stdout.write(jsonl(*generated(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
