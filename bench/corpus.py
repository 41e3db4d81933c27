"""Deterministic benchmark corpora: practitioners across real US places, with varied bios.

``import_records(n)`` gives CONTRACT section 4 JSONL records (cached under bench/corpora/);
``search_documents(n)`` turns the same records into ``search.SearchDocument``s (docs/search.md),
adding review aggregates derived from the record number, so every backend sees the same data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import zipcodes

from bench import bios
from bench.names import FIRST, LAST
from directory.catalogue_data import DEVICES
from search import SearchDocument

CORPORA = Path(__file__).resolve().parent / "corpora"
SEED = 20261123

PROFESSIONS = [("registered_nurse", "RN, BSN", 26), ("esthetician", "LE", 24),
               ("nurse_practitioner", "MSN, APRN, NP-C", 16), ("dermatologist", "MD, FAAD", 12),
               ("physician_assistant", "PA-C", 8), ("physician", "MD", 7),
               ("plastic_surgeon", "MD, FACS", 5), ("other", "", 2)]  # fmt: skip
CONCERN_SLUGS = ["acne_scars", "fine_lines", "texture", "pores", "hyperpigmentation",
                 "stretch_marks", "surgical_scars", "hair_loss"]  # fmt: skip
DEVICE_NAMES = {d["slug"]: d["name"] for d in DEVICES if d["slug"] != "other"}


@cache
def places() -> list[dict]:
    """Real US cities with one representative ZIP, weighted by how many ZIP codes they have."""
    by_city: dict[tuple[str, str], list[dict]] = {}
    for row in zipcodes.list_all():
        if row["zip_code_type"] == "STANDARD" and row["active"] and row["lat"]:
            by_city.setdefault((row["city"], row["state"]), []).append(row)
    cities = sorted(by_city.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:600]
    return [{"city": c, "state": s, "zips": rows, "weight": len(rows)} for (c, s), rows in cities]


def _record(i: int, rng: random.Random) -> dict:
    city = rng.choices(places(), weights=[p["weight"] for p in places()])[0]
    zip_row = rng.choice(city["zips"])
    profession, credentials, _w = rng.choices(PROFESSIONS, weights=[p[2] for p in PROFESSIONS])[0]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    treatments = ["microneedling"] if rng.random() < 0.88 else []
    for slug, share in (("prp_microneedling", 0.35), ("rf_microneedling", 0.25),
                        ("scalp_microneedling", 0.1), ("chemical_peel", 0.3),
                        ("laser_resurfacing", 0.12), ("facial", 0.3)):  # fmt: skip
        if rng.random() < share:
            treatments.append(slug)
    treatments = treatments or ["microneedling"]
    concerns = sorted(rng.sample(CONCERN_SLUGS, rng.randint(1, 4)))
    devices = sorted(rng.sample(sorted(DEVICE_NAMES), rng.choice([0, 1, 1, 2, 2, 3])))
    since = rng.randint(1988, 2024) if rng.random() < 0.9 else None
    price_min = rng.randrange(100, 550, 25) if rng.random() < 0.88 else None
    clinic = bios.clinic_name(rng, last, city["city"])
    context = {"first": first, "last": last, "city": city["city"], "state": city["state"],
               "clinic": clinic, "since": since, "profession": profession}  # fmt: skip
    return {
        "external_id": f"bench:{i:06d}", "name": f"{first} {last}", "credentials": credentials,
        "profession": profession, "clinic": clinic,
        "bio": bios.compose(rng, context, treatments, concerns, [DEVICE_NAMES[d] for d in devices]),
        "address": f"{rng.randint(10, 9999)} {rng.choice(bios.STREETS)}",
        "city": city["city"].title(), "state": city["state"], "postal_code": zip_row["zip_code"],
        "country": "US", "lat": round(float(zip_row["lat"]) + rng.uniform(-0.01, 0.01), 5),
        "lon": round(float(zip_row["long"]) + rng.uniform(-0.01, 0.01), 5),
        "phone": f"+1 {rng.randint(201, 989)} 555 {rng.randint(0, 9999):04d}",
        "website": f"https://{last.lower()}-{i}.example.org", "practicing_since": since,
        "procedures_performed": rng.randint(50, 5000), "price_min": price_min,
        "price_max": price_min + rng.randrange(100, 500, 50) if price_min else None,
        "currency": "USD", "numbing_cream": rng.random() < 0.8,
        "consultation": rng.choice(["free", "free", "paid", "credited"]),
        "accepting_new_patients": rng.random() < 0.85, "treatments": treatments,
        "concerns": concerns, "devices": devices,
        "skin_types": sorted(rng.sample(range(1, 7), rng.randint(2, 6))), "licences": [],
    }  # fmt: skip


def generate_records(n: int) -> Iterator[dict]:
    """The first ``n`` records of the corpus, generated (no file): the same records as the
    file of any size at least ``n``."""
    rng = random.Random(SEED)
    for i in range(1, n + 1):
        yield _record(i, rng)


def import_path(n: int) -> Path:
    """The cached JSONL file of ``n`` practitioners, generated on first use."""
    path = CORPORA / f"practitioners-{n}.jsonl"
    if not path.exists():
        CORPORA.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for record in generate_records(n):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


def import_records(n: int) -> Iterator[dict]:
    """The ``n`` import records, in order."""
    with import_path(n).open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def to_document(listing_id: int, record: dict) -> SearchDocument:
    """A search document for an import record, with deterministic review aggregates; 60% of
    listings hold a badge for a year from today."""
    rng = random.Random(listing_id * 7919)
    count = 0 if rng.random() < 0.3 else rng.randint(1, 120)
    average = rng.uniform(3.2, 5.0)
    verified = rng.random() < 0.6
    until = (date.today() + timedelta(days=365)).isoformat() if verified else None
    name_slug = record["name"].lower().replace(" ", "-")
    city_slug = record["city"].lower().replace(" ", "-")
    facts = _facts(listing_id)
    return {
        "id": listing_id, "slug": f"{name_slug}-{city_slug}-{listing_id}",
        "external_id": record["external_id"], "name": record["name"],
        "credentials": record["credentials"], "profession": record["profession"],
        "clinic": record["clinic"], "bio": record["bio"], "city": record["city"],
        "state": record["state"], "postal_code": record["postal_code"],
        "lat": record["lat"], "lon": record["lon"], "verified_until": until,
        "rating_sum": round(average * count), "rating_count": count,
        "price_min": record["price_min"], "price_max": record["price_max"], "currency": "USD",
        "practicing_since": record["practicing_since"], "treatments": record["treatments"],
        "concerns": record["concerns"], "devices": record["devices"],
        "device_names": [DEVICE_NAMES[d] for d in record["devices"]],
        "skin_types": record["skin_types"],
        "accepting_new_patients": record["accepting_new_patients"],
        "free_consultation": record["consultation"] == "free",
        "languages": facts["languages"], "payment": facts["payment"], "gender": facts["gender"],
        "evenings": facts["evenings"], "weekends": facts["weekends"], "version": "bench",
    }  # fmt: skip


def _facts(listing_id: int) -> dict:
    """Listing facts (issue 11) the corpus records predate, drawn from their own seed so the
    records and every other field stay as they were measured."""
    rng = random.Random(listing_id * 104_729)
    spoken = (("es", 0.3), ("vi", 0.05), ("zh", 0.05), ("ko", 0.04), ("fr", 0.03))
    languages = ["en"] + [slug for slug, share in spoken if rng.random() < share]
    accepted = (("cash", 0.8), ("card", 0.95), ("hsa_fsa", 0.4), ("carecredit", 0.35),
                ("cherry", 0.2))  # fmt: skip
    payment = [slug for slug, share in accepted if rng.random() < share]
    return {
        "languages": languages, "payment": payment,
        "gender": rng.choices(["female", "male", "nonbinary", None], [70, 15, 2, 13])[0],
        "evenings": rng.random() < 0.3, "weekends": rng.random() < 0.4,
    }  # fmt: skip


def search_documents(n: int) -> Iterator[SearchDocument]:
    """The ``n`` search documents (listing ids 1..n)."""
    for i, record in enumerate(import_records(n), 1):
        yield to_document(i, record)
