"""Listing -> ``search.SearchDocument`` (docs/search.md), for one loaded listing or
streamed for every listing. ``directory.indexing`` writes them to the change log and the index.

Every builder goes through ``build_document``, so a document built from ORM objects, from rows
or from the values an import inserts is the same, and so is its ``version`` (a content hash
``flask search check`` compares).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import RowMapping, select

from directory import facts
from directory.extensions import db
from directory.models import Device, Listing
from directory.models.listings import (
    listing_concerns,
    listing_devices,
    listing_skin_types,
    listing_treatments,
)
from search import SearchDocument

BUILD_CHUNK = 1000  # listings per query while streaming every document
DOC_COLUMNS = (
    "id", "slug", "external_id", "name", "credentials", "profession", "clinic", "bio", "city",
    "state", "postal_code", "lat", "lon", "verified_until", "rating_sum", "rating_count",
    "price_min", "price_max", "currency", "practicing_since", "accepting_new_patients",
    "languages", "payment_options", "gender", "consultation", "opening_hours",
)  # fmt: skip


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def build_document(
    row: Mapping[str, Any] | RowMapping,
    treatments: Iterable[str],
    concerns: Iterable[str],
    devices: Mapping[str, str],
    skin_types: Iterable[int],
) -> SearchDocument:
    """The search document of a listing; ``devices`` maps slug -> name. Types are normalised
    so a document built from ORM objects and one built from rows hash alike."""
    device_slugs = sorted(devices)
    accepting = row["accepting_new_patients"]
    hours = row["opening_hours"] or {}
    doc: SearchDocument = {
        "id": int(row["id"]),
        "slug": str(row["slug"]),
        "external_id": row["external_id"] or None,
        "name": str(row["name"]),
        "credentials": row["credentials"] or "",
        "profession": str(row["profession"]),
        "clinic": row["clinic"] or "",
        "bio": row["bio"] or "",
        "city": row["city"] or "",
        "state": row["state"] or "",
        "postal_code": row["postal_code"] or "",
        "lat": _float(row["lat"]),
        "lon": _float(row["lon"]),
        # The day, not a flag: search compares it with the date of each query.
        "verified_until": row["verified_until"].isoformat() if row["verified_until"] else None,
        "rating_sum": int(row["rating_sum"] or 0),
        "rating_count": int(row["rating_count"] or 0),
        "price_min": _int(row["price_min"]),
        "price_max": _int(row["price_max"]),
        "currency": row["currency"] or "USD",
        "practicing_since": _int(row["practicing_since"]),
        "treatments": sorted(set(treatments)),
        "concerns": sorted(set(concerns)),
        "devices": device_slugs,
        "device_names": [devices[slug] for slug in device_slugs],
        "skin_types": sorted({int(n) for n in skin_types}),
        "accepting_new_patients": True if accepting is None else bool(accepting),
        "languages": list(row["languages"] or []),
        "payment": list(row["payment_options"] or []),
        "gender": row["gender"] or None,
        "free_consultation": row["consultation"] == "free",
        "evenings": facts.opens_evenings(hours),
        "weekends": facts.opens_weekends(hours),
        "version": "",  # document_version leaves it out of the hash
    }
    doc["version"] = document_version(doc)
    return doc


def document_version(doc: Mapping[str, Any]) -> str:
    """A content hash of everything search shows; ``search check`` compares these."""
    content = {key: value for key, value in doc.items() if key != "version"}
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(encoded.encode("utf-8")).hexdigest()[:20]


def listing_document(listing: Listing) -> SearchDocument:
    """The search document of a loaded listing (its tag relationships are loaded if needed)."""
    return build_document(
        {name: getattr(listing, name) for name in DOC_COLUMNS},
        [t.slug for t in listing.treatments],
        [c.slug for c in listing.concerns],
        {d.slug: d.name for d in listing.devices},
        [s.number for s in listing.skin_types],
    )


def build_all_documents(chunk: int = BUILD_CHUNK) -> Iterator[SearchDocument]:
    """Every listing's document in id order, ``chunk`` listings per query (plus one query per
    tag table per chunk: never one query per listing)."""
    names = dict(db.session.execute(select(Device.slug, Device.name)).all())
    columns = [Listing.__table__.c[name] for name in DOC_COLUMNS]
    after = 0
    while True:
        query = (
            select(*columns)
            .where(Listing.id > after, Listing.hidden_at.is_(None))  # hidden: not searchable
            .order_by(Listing.id)
            .limit(chunk)
        )
        rows = db.session.execute(query).mappings().all()
        if not rows:
            return
        span = (rows[0]["id"], rows[-1]["id"])
        treatments = _tags(listing_treatments, "treatment_slug", span)
        concerns = _tags(listing_concerns, "concern_slug", span)
        devices = _tags(listing_devices, "device_slug", span)
        skin_types = _tags(listing_skin_types, "skin_type", span)
        for row in rows:
            lid = row["id"]
            yield build_document(
                row,
                treatments.get(lid, ()),
                concerns.get(lid, ()),
                {slug: names.get(slug, slug) for slug in devices.get(lid, ())},
                skin_types.get(lid, ()),
            )
        after = span[1]


def _tags(table, column: str, span: tuple[int, int]) -> dict[int, list]:
    query = select(table.c.listing_id, table.c[column]).where(table.c.listing_id.between(*span))
    out: dict[int, list] = defaultdict(list)
    for listing_id, value in db.session.execute(query):
        out[listing_id].append(value)
    return out
