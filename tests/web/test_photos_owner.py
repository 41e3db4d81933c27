"""A practitioner's headshot and clinic photos: upload through the account pages, stored
re-encoded under random names in UPLOAD_DIR, shown on the profile and search cards."""

from __future__ import annotations

import os
import re

import pytest

from directory.extensions import db
from directory.models import Photo
from tests.conftest import csrf_token
from tests.photos_helpers import (
    has_gps_or_exif,
    image_bytes,
    photos_in_db,
    upload_clinic,
    upload_headshot,
    world,
)


@pytest.fixture
def w(app, make_user):
    return world(app, make_user)


def _files(app) -> list[str]:
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_a_clinic_photo_with_gps_is_stored_without_it_and_shown_in_the_gallery(app, w, client):
    response = upload_clinic(w.owner, w.slug, image_bytes(size=(2400, 1800), gps=True))
    assert response.status_code == 302
    (photo,) = photos_in_db(app, kind="clinic")
    assert photo.alt_text == "Treatment room with a reclining chair"
    assert (photo.width, photo.height) == (1600, 1200)
    assert _files(app) == sorted(photo.file_names)
    assert all(re.fullmatch(r"photo-[0-9a-f]{32}-[dt]\.(webp|jpg)", name) for name in _files(app))
    for name in photo.file_names:
        with open(os.path.join(app.config["UPLOAD_DIR"], name), "rb") as handle:
            assert not has_gps_or_exif(handle.read())

    page = client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    assert 'id="photos-heading"' in page
    link = re.search(
        r'<a class="photo-link" href="([^"]+)"><img class="photo-thumb" src="([^"]+)" '
        r'width="(\d+)" height="(\d+)" loading="lazy"[^>]*alt="([^"]+)"',
        page,
    )
    assert link, page
    assert link.group(1) == photo.url and link.group(2) == photo.thumb_url
    assert link.group(5) == "Treatment room with a reclining chair"
    served = client.get(photo.url)
    assert served.status_code == 200
    assert served.mimetype in ("image/webp", "image/jpeg")
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not has_gps_or_exif(served.data)


def test_public_photos_stay_cacheable_for_signed_in_visitors(app, w):
    upload_clinic(w.owner, w.slug)
    (photo,) = photos_in_db(app, kind="clinic")
    response = w.patient.get(photo.thumb_url)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_alt_text_is_required_for_clinic_photos(app, w):
    response = upload_clinic(w.owner, w.slug, alt="   ")
    assert response.status_code == 400
    assert "Describe the photo" in response.get_data(as_text=True)
    assert photos_in_db(app) == [] and _files(app) == []


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"%PDF-1.4 a licence", "room.jpg", "is not a JPEG, PNG or WebP image"),
        (b"<html><script>alert(1)</script></html>", "room.png", "is not a JPEG, PNG or WebP image"),
        (b"", "room.jpg", "The file is empty."),
    ],
)
def test_non_images_are_refused_with_a_clear_message(app, w, data, name, message):
    response = upload_clinic(w.owner, w.slug, data, name=name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert photos_in_db(app) == [] and _files(app) == []


def test_a_photo_over_10_mb_is_refused(app, w):
    big = image_bytes("PNG", (64, 64))
    big += b"\0" * (app.config["PHOTO_MAX_BYTES"] + 1 - len(big))
    response = upload_clinic(w.owner, w.slug, big, name="big.png")
    assert response.status_code == 400
    assert "larger than 10 MB" in response.get_data(as_text=True)
    assert photos_in_db(app) == [] and _files(app) == []


def test_a_decompression_bomb_gets_a_form_error(app, w):
    import io

    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (7_000, 7_000)).save(bomb, "PNG")
    response = upload_clinic(w.owner, w.slug, bomb.getvalue(), name="bomb.png")
    assert response.status_code == 400
    assert "too many pixels" in response.get_data(as_text=True)
    assert photos_in_db(app) == [] and _files(app) == []


def test_a_full_disk_leaves_no_partial_file_and_no_row(app, w, monkeypatch):
    real_fdopen = os.fdopen

    def onto_a_full_disk(fd, *args, **kwargs):
        os.close(fd)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), *args, **kwargs)

    monkeypatch.setattr("directory.uploads.os.fdopen", onto_a_full_disk)
    response = upload_clinic(w.owner, w.slug)
    assert response.status_code == 400
    assert "could not store your photo just now" in response.get_data(as_text=True)
    assert photos_in_db(app) == [] and _files(app) == []


def test_at_most_ten_clinic_photos(app, w):
    app.config["CLINIC_PHOTOS_MAX"] = 2
    small = image_bytes(size=(50, 50))
    assert upload_clinic(w.owner, w.slug, small).status_code == 302
    assert upload_clinic(w.owner, w.slug, small).status_code == 302
    response = upload_clinic(w.owner, w.slug, small)
    assert response.status_code == 400
    assert "A listing can show 2 clinic photos" in response.get_data(as_text=True)
    assert len(photos_in_db(app, kind="clinic")) == 2


def _post(client, url, **data):
    data["csrf_token"] = csrf_token(client, "/account/")
    return client.post(url, data=data)


def test_reorder_edit_alt_and_delete(app, w, client):
    small = image_bytes(size=(50, 50))
    for alt in ("First room", "Second room", "Third room"):
        upload_clinic(w.owner, w.slug, small, alt=alt)
    first, second, third = photos_in_db(app, kind="clinic")
    assert _post(w.owner, f"/account/photos/{third.id}/move", direction="up").status_code == 302
    order = [p.alt_text for p in sorted(photos_in_db(app, kind="clinic"), key=lambda p: p.position)]
    assert order == ["First room", "Third room", "Second room"]

    assert (
        _post(w.owner, f"/account/photos/{first.id}/alt", alt_text="Waiting room").status_code
        == 302
    )
    assert photos_in_db(app, id=first.id)[0].alt_text == "Waiting room"
    empty = _post(w.owner, f"/account/photos/{first.id}/alt", alt_text=" ")
    assert empty.status_code == 302 and photos_in_db(app, id=first.id)[0].alt_text == "Waiting room"

    assert _post(w.owner, f"/account/photos/{second.id}/delete").status_code == 302
    assert not any(name in _files(app) for name in second.file_names)
    assert client.get(second.url).status_code == 404
    page = client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    assert page.index("Waiting room") < page.index("Third room") and "Second room" not in page


def test_headshot_on_profile_and_search_card_and_replacing_it_removes_the_old_files(
    app, w, client, runner
):
    assert upload_headshot(w.owner, w.slug).status_code == 302
    (old,) = photos_in_db(app, kind="headshot")
    assert old.alt_text.startswith("Portrait of ")
    page = client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    assert re.search(
        rf'<img class="headshot profile-headshot" src="{old.thumb_url}" width="120" '
        r'height="120" loading="lazy"',
        page,
    )

    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    results = client.get("/search?q=microneedling").get_data(as_text=True)
    assert (
        f'class="headshot result-headshot" src="{old.thumb_url}" width="64" height="64"' in results
    )

    assert upload_headshot(w.owner, w.slug, alt="Dr Owner smiling").status_code == 302
    (new,) = photos_in_db(app, kind="headshot")
    assert new.id != old.id and new.alt_text == "Dr Owner smiling"
    assert sorted(_files(app)) == sorted(new.file_names)
    assert client.get(old.thumb_url).status_code == 404


def test_the_photo_manager_is_linked_from_the_listing_pages(app, w):
    listings = w.owner.get("/account/listings").get_data(as_text=True)
    assert f"/account/listings/{w.slug}/photos" in listings
    edit = w.owner.get(f"/account/listings/{w.slug}/edit").get_data(as_text=True)
    assert f"/account/listings/{w.slug}/photos" in edit
    manager = w.owner.get(f"/account/listings/{w.slug}/photos")
    assert manager.status_code == 200
    assert 'enctype="multipart/form-data"' in manager.get_data(as_text=True)


def test_giving_up_a_listing_removes_its_photos_and_files(app, w):
    upload_clinic(w.owner, w.slug)
    upload_headshot(w.owner, w.slug)
    assert len(_files(app)) == 4
    from directory.models import User
    from directory.services import unlisting
    from tests.conftest import PASSWORD

    with app.app_context():
        owner = db.session.scalar(db.select(User).where(User.email == "owner@example.org"))
        unlisting.unlist(owner, w.slug, PASSWORD)
        assert db.session.scalar(db.select(db.func.count(Photo.id))) == 0
    assert _files(app) == []
