"""Fixtures for the app side of search: an app whose index exists (so every commit reaches it)
and three listings far enough apart to tell every filter, sort and place apart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from directory import indexing
from directory.extensions import db
from directory.models import Listing
from tests.factories import make_listing

AUSTIN = (30.2672, -97.7431)  # ZIP 78701
ROUND_ROCK = (30.5083, -97.6789)  # about 28 km north of Austin
BOSTON = (42.3588, -71.0707)


@dataclass
class Seeded:
    """Slugs and ids of the seeded listings."""

    ana: Listing
    ben: Listing
    cara: Listing


@pytest.fixture
def search_ctx(app: Flask) -> Iterator[Flask]:
    """An app context with an empty, usable index: later commits are applied to it."""
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=indexing.current_seq())
        yield app


def seed_listings() -> Seeded:
    """Ana (verified Austin dermatologist, best rated), Ben (Round Rock nurse, pricey, RF),
    Cara (verified Boston esthetician, cheapest, no reviews)."""
    ana = make_listing(
        name="Ana Lopez", credentials="MD, FAAD", profession="dermatologist",
        clinic="Lopez Dermatology", city="Austin", state="TX", postal_code="78701",
        lat=AUSTIN[0], lon=AUSTIN[1], verified=True, rating_sum=48, rating_count=10,
        price_min=150, price_max=300, practicing_since=2010,
        treatments=["microneedling", "prp_microneedling"], concerns=["acne_scars"],
        devices=["skinpen_precision"], skin_types=[1, 2, 3, 4, 5, 6],
        bio="Dermatologist treating acne scars with micro-needling and PRP since 2010.",
    )  # fmt: skip
    ben = make_listing(
        name="Ben Carter", credentials="RN", profession="registered_nurse",
        clinic="Northside Skin", city="Round Rock", state="TX", postal_code="78664",
        lat=ROUND_ROCK[0], lon=ROUND_ROCK[1], verified=False, rating_sum=6, rating_count=2,
        price_min=400, price_max=600, practicing_since=2020,
        treatments=["rf_microneedling"], concerns=["fine_lines"], devices=["morpheus8"],
        skin_types=[1, 2, 3], bio="Radiofrequency micro-needling for fine lines and laxity.",
    )  # fmt: skip
    cara = make_listing(
        name="Cara Diaz", credentials="LE", profession="esthetician", clinic="Harbor Studio",
        city="Boston", state="MA", postal_code="02108", lat=BOSTON[0], lon=BOSTON[1],
        verified=True, rating_sum=0, rating_count=0, price_min=100, price_max=200,
        practicing_since=2018, treatments=["scalp_microneedling"], concerns=["hair_loss"],
        devices=["dermapen_4"], skin_types=[4, 5, 6],
        bio="Scalp micro-needling for thinning hair, gentle and unhurried.",
    )  # fmt: skip
    return Seeded(ana, ben, cara)


@pytest.fixture
def seeded(search_ctx) -> Seeded:
    """The three listings, committed and indexed."""
    return seed_listings()


def remove_index(app: Flask) -> None:
    """Delete the index from disk, as a lost volume would."""
    path = Path(app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(path)
    path.mkdir()


def corrupt_index(app: Flask) -> None:
    """Overwrite every file of the index with garbage."""
    for file in Path(app.config["SEARCH_INDEX_DIR"]).rglob("*"):
        if file.is_file():
            file.write_bytes(b"\x00garbage" * 8)


def change_count() -> int:
    """Rows in the change log."""
    from directory.models import SearchChange

    return db.session.scalar(db.select(db.func.count()).select_from(SearchChange)) or 0
