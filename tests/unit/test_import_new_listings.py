"""directory.services.import_new_listings: a listing an import inserts as rows is stored, linked,
licensed and sent to search exactly as the same listing written through the ORM."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from directory import unit_of_work
from directory.extensions import db
from directory.models import Device, Licence, Listing, SearchChange
from directory.models.base import utcnow
from directory.services.credentials import refresh_listing_verification
from directory.services.import_licences import LicenceRecord, upsert_licences
from directory.services.import_new_listings import TAG_LISTS, NewListings

SOURCE = "export.jsonl, line 7"
TAGS = {
    "treatments": ["microneedling"],
    "concerns": ["acne_scars"],
    "devices": ["dermapen_4"],
    "skin_types": [2, 3],
}
LICENCES = [
    LicenceRecord("RN", "RN-1", "Texas Board of Nursing", "US-TX", date(2030, 1, 31), "pending"),
    LicenceRecord("RN", "RN-2", "Texas Board of Nursing", "US-TX", None, "pending", True),
    LicenceRecord("PA", "PA-9", "Texas Medical Board", "US-TX", None, "revoked"),
]
# Every column a line can leave empty, as None: the ORM leaves a None out of its INSERT, so a
# column's default applies (JSON columns store JSON null).
NONES = dict.fromkeys(
    (
        "credentials", "clinic", "bio", "address", "state", "postal_code", "phone", "website",
        "currency", "consultation", "consultation_notes", "accepting_new_patients", "lat",
        "lon", "practicing_since", "price_min", "numbing_cream", "gender", "languages",
        "payment_options", "opening_hours", "treatment_prices", "registry_data",
    )
)  # fmt: skip
FULL = {
    "credentials": "RN, BSN", "clinic": "Glow", "bio": "Collagen induction for acne scars.",
    "state": "TX", "postal_code": "78701", "lat": 30.27, "lon": -97.74,
    "practicing_since": 2012, "price_min": 150, "price_max": 400, "consultation": "paid",
    "accepting_new_patients": False, "languages": ["en", "es"], "gender": "female",
    "opening_hours": {"mon": ["09:00", "17:00"]}, "treatment_prices": {"microneedling": 300},
}  # fmt: skip
LEFT_OUT = {"id", "slug", "external_id", "created_at", "updated_at"}


def base(n: int) -> dict[str, Any]:
    return {
        "name": "Ana Ruiz", "profession": "registered_nurse", "city": "Austin",
        "country": "US", "external_id": f"x:{n}", "slug": f"ana-ruiz-austin-{n}",
    }  # fmt: skip


def through_the_orm(fields: dict[str, Any], tags: dict, licences: list) -> int:
    listing = Listing(**fields)
    db.session.add(listing)
    for name, keys in tags.items():
        model, key, _table, _column = TAG_LISTS[name]
        chosen = db.session.scalars(select(model).where(getattr(model, key).in_(keys)))
        setattr(listing, name, list(chosen))
    upsert_licences(listing, licences, utcnow(), SOURCE)
    refresh_listing_verification(listing)
    unit_of_work.commit()
    return listing.id


def as_rows(fields: dict[str, Any], tags: dict, licences: list) -> int:
    names = dict(db.session.execute(select(Device.slug, Device.name)).all())
    new = NewListings(db.session(), names)
    new.add(fields, tags, licences, SOURCE)
    assert new.write(utcnow()) == 1
    unit_of_work.commit()
    return db.session.scalar(select(Listing.id).where(Listing.external_id == fields["external_id"]))


def stored(listing_id: int) -> dict[str, Any]:
    """Everything the database holds for a listing, minus what differs by identity."""
    row = db.session.execute(select(Listing.__table__).where(Listing.id == listing_id)).one()
    listing = {k: v for k, v in row._mapping.items() if k not in LEFT_OUT}
    query = select(Licence.__table__).where(Licence.listing_id == listing_id)
    licences = [
        {k: v for k, v in lic._mapping.items() if k not in {"id", "listing_id", "submitted_at"}}
        for lic in db.session.execute(query.order_by(Licence.number))
    ]
    for licence in licences:
        licence["decided_at"] = licence["decided_at"] is not None
    tags = {
        name: sorted(
            db.session.scalars(select(table.c[column]).where(table.c.listing_id == listing_id))
        )
        for name, (_model, _key, table, column) in TAG_LISTS.items()
    }
    changes = db.session.scalars(
        select(SearchChange.document).where(SearchChange.listing_id == listing_id)
    ).all()
    documents = [json.loads(document) for document in changes]
    for document in documents:
        for key in ("id", "slug", "external_id", "version"):
            document.pop(key)
    return {"listing": listing, "licences": licences, "tags": tags, "search": documents}


@pytest.mark.parametrize(
    ("fields", "tags", "licences"),
    [
        pytest.param({}, {}, [], id="only-the-required-columns"),
        pytest.param(NONES, {}, [], id="every-optional-column-none"),
        pytest.param(FULL, TAGS, LICENCES, id="columns-tags-and-licences"),
    ],
)
def test_a_listing_inserted_as_rows_is_the_listing_the_orm_would_store(ctx, fields, tags, licences):
    by_orm = stored(through_the_orm({**base(1), **fields}, tags, licences))
    by_rows = stored(as_rows({**base(2), **fields}, tags, licences))
    assert by_rows == by_orm
    assert len(by_rows["search"]) == 1  # one change row: search hears of it once


def test_a_value_for_no_listing_column_is_refused(ctx):
    new = NewListings(db.session(), {})
    with pytest.raises(ValueError, match="not listing columns: colour"):
        new.add({**base(3), "colour": "teal"}, {}, [], SOURCE)


def test_a_rolled_back_batch_leaves_no_rows_and_nothing_for_search(ctx):
    new = NewListings(db.session(), {})
    new.add(base(4), {"skin_types": [1]}, LICENCES[:1], SOURCE)
    new.write(utcnow())
    unit_of_work.rollback()
    kept = through_the_orm(base(5), {}, [])  # the next commit must not log the lost listing
    assert db.session.scalars(select(Listing.id)).all() == [kept]
    assert db.session.scalar(select(db.func.count()).select_from(Licence)) == 0
    assert db.session.scalars(select(SearchChange.listing_id)).all() == [kept]
