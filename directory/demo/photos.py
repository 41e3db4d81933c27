"""Demo photos: a drawn headshot and clinic photos for a handful of claimed listings, stored
exactly as uploads are (re-encoded, random names), so the gallery has something to show."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage

from directory.demo.documents import DocumentStore
from directory.demo.practitioners import Practitioner
from directory.extensions import db
from directory.services import photos

LISTINGS_WITH_PHOTOS = 8
SKIN = [(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (92, 56, 30)]
WALLS = [(236, 240, 236), (226, 236, 240), (244, 236, 226), (232, 228, 240)]
ROOMS = [
    "Treatment room with a reclining chair under a daylight lamp",
    "Reception desk and waiting area with two armchairs",
    "Treatment room with a window and a trolley of sterile supplies",
]


def _png(image: Image.Image) -> FileStorage:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return FileStorage(stream=buffer, filename="demo.png")


def headshot_image(rng: random.Random) -> Image.Image:
    """A plain portrait silhouette on a soft background."""
    image = Image.new("RGB", (600, 600), rng.choice(WALLS))
    draw = ImageDraw.Draw(image)
    coat = rng.choice([(250, 250, 250), (40, 90, 120), (20, 110, 100)])
    draw.ellipse((110, 390, 490, 760), fill=coat)  # shoulders
    draw.ellipse((200, 130, 400, 370), fill=rng.choice(SKIN))  # head
    hair = rng.choice([(40, 30, 20), (90, 60, 30), (20, 20, 20), (150, 110, 60)])
    draw.chord((190, 110, 410, 300), 180, 360, fill=hair)
    return image


def room_image(rng: random.Random, index: int) -> Image.Image:
    """A simple clinic room: wall, floor, a window and a treatment chair."""
    image = Image.new("RGB", (1200, 800), rng.choice(WALLS))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1200, 800), fill=(196, 170, 140))  # floor
    draw.rectangle(
        (120 + 60 * index, 120, 460 + 60 * index, 420),
        fill=(190, 220, 240),
        outline=(255, 255, 255),
        width=12,
    )  # window
    chair = rng.choice([(30, 120, 110), (60, 70, 90), (150, 60, 70)])
    draw.rounded_rectangle((620, 430, 1060, 540), 30, fill=chair)  # seat
    draw.rounded_rectangle((960, 300, 1060, 540), 30, fill=chair)  # back
    draw.rectangle((700, 540, 720, 640), fill=(120, 120, 120))
    draw.rectangle((960, 540, 980, 640), fill=(120, 120, 120))
    draw.ellipse((820, 80, 900, 160), fill=(255, 250, 220))  # lamp
    return image


def add_demo_photos(planned: list[Practitioner], docs: DocumentStore) -> int:
    """Headshot and two or three clinic photos for the first owned listings; returns how many
    photos were stored (their files are remembered by ``docs`` for a rollback)."""
    # A generator of its own: the rest of the demo stays what it was for a given seed.
    rng = random.Random(len(planned))
    stored = 0
    owned = [item for item in planned if item.owner is not None][:LISTINGS_WITH_PHOTOS]
    for item in owned:
        owner, listing = item.claimed_owner, item.listing
        made = [
            photos.store_photo(
                owner,
                _png(headshot_image(rng)),
                "headshot",
                listing_id=listing.id,
                alt_text=f"Portrait of {listing.name}",
            ),
        ]
        for index in range(rng.choice((2, 3))):
            made.append(photos.store_photo(owner, _png(room_image(rng, index)), "clinic",
                                           listing_id=listing.id, alt_text=ROOMS[index],
                                           position=index))  # fmt: skip
        for photo in made:
            docs.names.extend(photo.file_names)
            db.session.add(photo)
        stored += len(made)
    return stored
