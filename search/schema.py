"""The index schema, its version, and the mapping from a search document to indexed fields.

Numbers are signed 32-bit integer columns (``NUMERIC(float, sortable=True)`` crashes in this
Whoosh, and range filters are evaluated on the columns in memory, so numbers need no index terms):
coordinates are stored as 1e-5 degrees, a missing number as a sentinel outside every filter's
range. The whole
search document is kept as one stored object so a hit is built without the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, Schema

from search import whoosh_internals
from search.analysis import TermsField
from search.errors import DocumentError
from search.model import DOCUMENT_KEYS, SearchDocument

whoosh_internals.install_write_fixes()

# Bump whenever fields, analysis or vocabulary change: an older index must be rebuilt.
# 11: listing facts (languages, payment, gender, features); 10: Porter2 stems ("scarring" ->
# "scar"); 9: verified_until day number
SCHEMA_VERSION = 11

META_ID = "__meta__"
LISTING = "listing"
COORD_SCALE = 100_000
MISSING = -1  # prices, years, ratings: every range filter starts at 0
NO_COORD = 2_000_000_000  # far outside any latitude/longitude bounding box

# Text fields and their weight in scoring (BM25F): a match in the name counts most.
TEXT_FIELDS = {"name": 3.0, "clinic": 2.0, "tags": 1.5, "bio": 1.0, "place": 1.0}
KEYWORD_FIELDS = ("treatments", "concerns", "devices", "skin_types", "languages", "payment",
                  "features")  # fmt: skip
# Yes/no facts of a listing, as terms of the ``features`` keyword field (one facet).
FEATURES = ("accepting_new_patients", "free_consultation", "evenings", "weekends")
# Per-document integers kept in memory for filters, sorts and distances.
NUMBER_FIELDS = (
    "price_min",
    "rating_sum",
    "rating_count",
    "rating_avg100",
    "since",
    "lat_e5",
    "lon_e5",
    "verified_until",  # date.toordinal() of the last verified day; MISSING when never
)
FACETS = {"treatment": "treatments", "concern": "concerns", "device": "devices",
          "profession": "profession", "language": "languages", "payment": "payment",
          "gender": "gender", "feature": "features"}  # fmt: skip


def _number() -> COLUMN:
    return COLUMN(NumericColumn("i", default=MISSING))


def build_schema() -> Schema:
    """The Whoosh schema of a Needlewise index."""
    fields: dict[str, Any] = {
        "id": ID(unique=True),
        "kind": ID,
        "profession": ID,
        "gender": ID,
        "city": ID,  # "Austin, TX": its lexicon feeds place autocomplete
        "complete": TermsField("prefix", scored=False),
        "row": STORED,
    }
    for name in TEXT_FIELDS:
        fields[name] = TermsField("plain" if name == "place" else "stemmed")
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(scorable=False)
    for name in NUMBER_FIELDS:
        fields[name] = _number()
    return Schema(**fields)


def _scaled(value: float | None) -> int:
    return NO_COORD if value is None else round(float(value) * COORD_SCALE)


def _int_or_missing(value: Any) -> int:
    return MISSING if value is None else int(value)


def day_number(value: Any) -> int:
    """An ISO date (``YYYY-MM-DD``) as a day number (``date.toordinal``); MISSING for none."""
    if not value:
        return MISSING
    return datetime.date.fromisoformat(str(value)).toordinal()


def verified_on(row: Mapping[str, Any], today: datetime.date) -> bool:
    """Whether a stored search document's listing is verified on ``today``."""
    return day_number(row.get("verified_until")) >= today.toordinal()


def check_document(doc: SearchDocument) -> None:
    """DocumentError unless ``doc`` has exactly the keys of ``SearchDocument``: a misspelt key
    would otherwise index as an empty field without a word."""
    keys = doc.keys() if isinstance(doc, dict) else None
    if keys is None or keys != DOCUMENT_KEYS:
        present = set(keys or ())
        missing = ", ".join(sorted(DOCUMENT_KEYS - present)) or "none"
        unknown = ", ".join(sorted(present - DOCUMENT_KEYS)) or "none"
        ident = doc.get("id") if isinstance(doc, dict) else None
        raise DocumentError(
            f"Search document {ident!r} is not a SearchDocument: "
            f"missing keys: {missing}; unknown keys: {unknown}."
        )


def index_fields(doc: SearchDocument) -> dict[str, Any]:
    """The Whoosh fields of one search document (``search.model.SearchDocument``)."""
    check_document(doc)
    count = doc["rating_count"] or 0
    total = doc["rating_sum"] or 0
    name = f"{doc['name']} {doc['credentials']}"
    place = f"{doc['city']} {doc['state']} {doc['postal_code']}"
    fields: dict[str, Any] = {
        "id": str(doc["id"]),
        "kind": LISTING,
        "name": name,
        "clinic": doc["clinic"] or "",
        "tags": " ".join(doc["device_names"]),
        "bio": doc["bio"] or "",
        "place": place,
        "complete": f"{doc['name']} {doc['clinic'] or ''}",
        "treatments": " ".join(doc["treatments"]),
        "concerns": " ".join(doc["concerns"]),
        "devices": " ".join(doc["devices"]),
        "skin_types": " ".join(str(t) for t in doc["skin_types"]),
        "profession": doc["profession"] or "other",
        "city": f"{doc['city'] or ''}, {doc['state'] or ''}".strip(", "),
        "languages": " ".join(doc["languages"]),
        "payment": " ".join(doc["payment"]),
        "features": " ".join(features(doc)),
        "price_min": _int_or_missing(doc["price_min"]),
        "rating_sum": int(total),
        "rating_count": int(count),
        "rating_avg100": int(total) * 100 // int(count) if count else MISSING,
        "since": _int_or_missing(doc["practicing_since"]),
        "lat_e5": _scaled(doc["lat"]),
        "lon_e5": _scaled(doc["lon"]),
        "verified_until": day_number(doc["verified_until"]),
        "row": doc,
    }
    if doc["gender"]:  # an absent gender indexes no term (an empty one would be a facet value)
        fields["gender"] = doc["gender"]
    return fields


def features(doc: SearchDocument) -> list[str]:
    """The yes/no facts a listing has, as ``features`` terms (see FEATURES)."""
    flags = {
        "accepting_new_patients": doc["accepting_new_patients"] is True,
        "free_consultation": doc["free_consultation"],
        "evenings": doc["evenings"],
        "weekends": doc["weekends"],
    }
    return [name for name in FEATURES if flags[name]]


def meta_fields(last_seq: int, max_listing_id: int | None) -> dict[str, Any]:
    """The special document holding the last applied change-log seq, the schema version and
    the largest listing id ever written to the index (None: not known, in an index written
    before it was recorded), below which an upsert may replace a document."""
    row = {"last_seq": int(last_seq), "schema_version": SCHEMA_VERSION,
           "max_listing_id": max_listing_id}  # fmt: skip
    return {"id": META_ID, "kind": "meta", "row": row}
