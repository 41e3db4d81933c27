"""Keeps the catalogue tables equal to the shipped catalogue data."""

from __future__ import annotations

from directory import catalogue_data
from directory.extensions import db
from directory.models import Concern, Device, Profession, SkinType, Treatment
from directory.unit_of_work import transactional

_TABLES = (
    (Device, catalogue_data.DEVICES, "slug"),
    (Treatment, catalogue_data.TREATMENTS, "slug"),
    (Concern, catalogue_data.CONCERNS, "slug"),
    (Profession, catalogue_data.PROFESSIONS, "slug"),
    (SkinType, catalogue_data.SKIN_TYPES, "number"),
)


@transactional
def sync_catalogue() -> int:
    """Insert or update every catalogue row; returns how many rows changed. Idempotent."""
    changed = 0
    for model, rows, key in _TABLES:
        existing = {getattr(obj, key): obj for obj in db.session.scalars(db.select(model))}
        for row in rows:
            obj = existing.get(row[key])
            if obj is None:
                db.session.add(model(**row))
                changed += 1
                continue
            for name, value in row.items():
                if getattr(obj, name) != value:
                    setattr(obj, name, value)
                    changed += 1
    return changed
