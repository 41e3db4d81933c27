"""Pages that list photos run the same number of SQL statements for 1 photo as for 8 (no
N+1): the moderators' queue, the profile's gallery and the owner's photo manager."""

from __future__ import annotations

import itertools
import secrets

import pytest

from directory.extensions import db
from directory.models import Photo, Review
from directory.models.base import utcnow
from tests.credentials_helpers import logged_in
from tests.factories import make_listing
from tests.query_counts import page_statements
from tests.review_helpers import seed_reviews

_numbers = itertools.count(1)


def _photo(**fields) -> Photo:
    return Photo(file_key=secrets.token_hex(16), ext="webp", width=10, height=10,
                 thumb_width=10, thumb_height=10, stored_bytes=20, created_at=utcnow(),
                 **fields)  # fmt: skip


@pytest.fixture
def setting(app, make_user):
    owner = make_user("owner@example.org", role="practitioner", name="Olivia Owner")
    make_user("mod@example.org", role="moderator", name="Morgan Mod")
    with app.app_context():
        listing = make_listing(owner_id=owner)
        return owner, listing.id, listing.slug


def _add_review_photos(app, listing_id: int) -> None:
    (review_id,) = seed_reviews(app, listing_id, [4])
    with app.app_context():
        author = db.session.get(Review, review_id).author_id
        for status in ("pending", "approved", "rejected"):
            decided = None if status == "pending" else utcnow()
            db.session.add(_photo(kind="review", listing_id=listing_id, review_id=review_id,
                                  uploader_id=author, caption="before", status=status,
                                  decided_at=decided))  # fmt: skip
        db.session.commit()


def _add_clinic_photo(app, owner: int, listing_id: int) -> None:
    with app.app_context():
        db.session.add(_photo(kind="clinic", listing_id=listing_id, uploader_id=owner,
                              alt_text=f"Room {next(_numbers)}"))  # fmt: skip
        db.session.commit()


def _same_count(app, client, url, add) -> None:
    add()
    one = page_statements(app, client, url)
    for _ in range(7):
        add()
    eight = page_statements(app, client, url)
    assert len(one) == len(eight), "\n".join(eight)


def test_moderation_photo_queue(app, setting):
    _owner, listing_id, _slug = setting
    moderator = logged_in(app, "mod@example.org")
    _same_count(app, moderator, "/moderation/photos", lambda: _add_review_photos(app, listing_id))


def test_profile_gallery(app, setting, client):
    owner, listing_id, slug = setting

    def add() -> None:
        _add_clinic_photo(app, owner, listing_id)
        _add_review_photos(app, listing_id)

    _same_count(app, client, f"/practitioners/{slug}", add)


def test_owner_photo_manager(app, setting):
    owner, listing_id, slug = setting
    client = logged_in(app, "owner@example.org")
    _same_count(app, client, f"/account/listings/{slug}/photos",
                lambda: _add_clinic_photo(app, owner, listing_id))  # fmt: skip
