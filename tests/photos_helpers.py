"""Helpers for the photo tests: images made by Pillow at test time, and a small world of a
practitioner with a listing, a patient with a published review of it, and a moderator."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from directory.extensions import db
from directory.models import Photo, Review
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in
from tests.review_helpers import add_visit, owner_and_listing, post_review

GPS_IFD = 0x8825


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (800, 600), gps: bool = False, mode: str = "RGB"
) -> bytes:
    """An image made now; with ``gps`` it carries EXIF camera details and a GPS position."""
    image = Image.new(mode, size, (180, 90, 60) if mode == "RGB" else (180, 90, 60, 128))
    for x in range(0, size[0], 40):  # some detail so the encoders have work to do
        image.paste(
            (20, 120, 200) if mode == "RGB" else (20, 120, 200, 255), (x, 0, x + 20, size[1])
        )
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Secret Phone 12"  # Model
        exif[GPS_IFD] = {1: "N", 2: (30.0, 16.0, 2.0), 3: "W", 4: (97.0, 44.0, 35.0)}
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def has_gps_or_exif(data: bytes) -> bool:
    """Whether a stored image carries any EXIF at all (GPS lives inside EXIF)."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return bool(len(exif)) or bool(exif.get_ifd(GPS_IFD)) or "exif" in image.info


@dataclass
class World:
    owner: FlaskClient
    slug: str
    listing_id: int
    patient: FlaskClient
    patient_id: int
    review_id: int


def world(app: Flask, make_user) -> World:
    """A practitioner owning a listing; a patient who published a review of it."""
    _owner_id, slug, listing_id = owner_and_listing(app, make_user)
    patient_id = make_user("patricia@example.org", name="Patricia")
    add_visit(app, patient_id, listing_id)
    patient = logged_in(app, "patricia@example.org")
    response = post_review(patient, slug)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    with app.app_context():
        review_id = db.session.scalar(db.select(Review.id).where(Review.author_id == patient_id))
    return World(
        logged_in(app, "owner@example.org"), slug, listing_id, patient, patient_id, review_id
    )


def upload_clinic(
    client: FlaskClient,
    slug: str,
    data: bytes | None = None,
    alt: str = "Treatment room with a reclining chair",
    name: str = "room.jpg",
):
    """Post the clinic photo form."""
    url = f"/account/listings/{slug}/photos"
    form = {
        "csrf_token": csrf_token(client, url),
        "alt_text": alt,
        "photo": (io.BytesIO(image_bytes() if data is None else data), name),
    }
    return client.post(url, data=form, content_type="multipart/form-data")


def upload_headshot(client: FlaskClient, slug: str, data: bytes | None = None, alt: str = ""):
    """Post the headshot form."""
    form = {
        "csrf_token": csrf_token(client, f"/account/listings/{slug}/photos"),
        "alt_text": alt,
        "photo": (io.BytesIO(image_bytes(size=(600, 800)) if data is None else data), "me.jpg"),
    }
    return client.post(
        f"/account/listings/{slug}/headshot", data=form, content_type="multipart/form-data"
    )


def upload_review_photo(
    client: FlaskClient,
    review_id: int,
    data: bytes | None = None,
    caption: str = "before",
    consent: bool = True,
):
    """Post the before/after photo form of a review."""
    url = f"/reviews/{review_id}/photos"
    form = {
        "csrf_token": csrf_token(client, url),
        "caption": caption,
        "description": "",
        "photo": (io.BytesIO(image_bytes(gps=True) if data is None else data), "cheek.jpg"),
    }
    if consent:
        form["consent"] = "y"
    return client.post(url, data=form, content_type="multipart/form-data")


def photos_in_db(app: Flask, **where) -> list[Photo]:
    """Photo rows matching ``where`` (column=value), by id."""
    with app.app_context():
        query = db.select(Photo).filter_by(**where).order_by(Photo.id)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return list(rows)
