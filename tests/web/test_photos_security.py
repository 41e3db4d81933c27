"""Photos as an attacker would try them: other people's listings and photos, guessed URLs of
photos not yet approved, missing CSRF tokens, and upload floods."""

from __future__ import annotations

import io
import os
import secrets

import pytest

from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in
from tests.photos_helpers import (
    image_bytes,
    photos_in_db,
    upload_clinic,
    upload_review_photo,
    world,
)


@pytest.fixture
def w(app, make_user):
    return world(app, make_user)


@pytest.fixture
def rival(app, make_user):
    """Another practitioner with a listing of their own."""
    from tests.review_helpers import owner_and_listing

    owner_and_listing(app, make_user, "rival@example.org", name="Rita Rival")
    return logged_in(app, "rival@example.org")


def _files(app) -> list[str]:
    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def _post(client, url, **data):
    data["csrf_token"] = csrf_token(client, "/account/")
    return client.post(url, data=data)


def _multipart(slug: str, token: str | None = None) -> dict:
    data = {"alt_text": "A room", "photo": (io.BytesIO(image_bytes(size=(40, 40))), "x.jpg")}
    if token:
        data["csrf_token"] = token
    return data


def test_anonymous_visitors_are_sent_to_log_in_and_store_nothing(app, w, client):
    page = client.get(f"/account/listings/{w.slug}/photos")
    assert page.status_code == 302 and "/auth/login" in page.location
    for url in (f"/account/listings/{w.slug}/photos", f"/account/listings/{w.slug}/headshot"):
        response = client.post(url, data=_multipart(w.slug), content_type="multipart/form-data")
        assert response.status_code in (302, 400)  # login redirect, or the CSRF refusal first
    assert _files(app) == [] and photos_in_db(app) == []


def test_a_patient_cannot_manage_a_listings_photos(app, w):
    assert w.patient.get(f"/account/listings/{w.slug}/photos").status_code == 403
    response = upload_clinic_as(w.patient, w.slug)
    assert response.status_code == 403
    assert _files(app) == []


def upload_clinic_as(client, slug):
    token = csrf_token(client, "/account/")
    return client.post(
        f"/account/listings/{slug}/photos",
        data=_multipart(slug, token),
        content_type="multipart/form-data",
    )


def test_another_practitioner_cannot_upload_to_or_change_my_photos(app, w, rival, client):
    assert rival.get(f"/account/listings/{w.slug}/photos").status_code == 403
    assert upload_clinic_as(rival, w.slug).status_code == 403
    token = csrf_token(rival, "/account/")
    headshot = rival.post(
        f"/account/listings/{w.slug}/headshot",
        data=_multipart(w.slug, token),
        content_type="multipart/form-data",
    )
    assert headshot.status_code == 403

    upload_clinic(w.owner, w.slug, alt="My room")
    (photo,) = photos_in_db(app)
    assert _post(rival, f"/account/photos/{photo.id}/delete").status_code == 404
    assert _post(rival, f"/account/photos/{photo.id}/alt", alt_text="Rude words").status_code == 404
    assert _post(rival, f"/account/photos/{photo.id}/move", direction="down").status_code == 404
    assert _post(w.patient, f"/account/photos/{photo.id}/delete").status_code == 404
    assert photos_in_db(app)[0].alt_text == "My room"
    assert _files(app) == sorted(photo.file_names)
    assert client.get(photo.url).status_code == 200


def test_nobody_else_can_touch_a_patients_review_photos(app, w, rival, make_user, client):
    upload_review_photo(w.patient, w.review_id)
    (photo,) = photos_in_db(app)
    make_user("other@example.org", name="Other Patient")
    other = logged_in(app, "other@example.org")
    assert other.get(f"/reviews/{w.review_id}/photos").status_code == 404
    assert upload_review_photo_raw(other, w.review_id).status_code == 404
    assert w.owner.get(f"/reviews/{w.review_id}/photos").status_code == 403
    for attacker in (other, rival, w.owner):
        assert _post(attacker, f"/account/photos/{photo.id}/delete").status_code == 404
        assert attacker.get(photo.url).status_code == 404
        assert attacker.get(photo.thumb_url).status_code == 404
    assert client.post(f"/account/photos/{photo.id}/delete").status_code in (302, 400)
    assert len(photos_in_db(app)) == 1 and len(_files(app)) == 2
    # The owner of the listing is no moderator: the queue is closed to them and to patients.
    assert w.owner.get("/moderation/photos").status_code == 403
    assert w.patient.get("/moderation/photos").status_code == 403
    token = csrf_token(w.owner, "/account/")
    decided = w.owner.post(
        f"/moderation/photos/{photo.id}", data={"decision": "approve", "csrf_token": token}
    )
    assert decided.status_code == 403 and photos_in_db(app)[0].status == "pending"


def upload_review_photo_raw(client, review_id):
    token = csrf_token(client, "/account/")
    data = {
        "csrf_token": token,
        "caption": "after",
        "consent": "y",
        "photo": (io.BytesIO(image_bytes(size=(40, 40))), "x.jpg"),
    }
    return client.post(
        f"/reviews/{review_id}/photos", data=data, content_type="multipart/form-data"
    )


def test_guessed_and_crafted_photo_names_are_not_found(app, w, client):
    upload_review_photo(w.patient, w.review_id)
    (photo,) = photos_in_db(app)
    # A pending photo's exact URLs are not served to strangers, in either size or extension.
    other_ext = photo.file_name("d").replace(photo.ext, "jpg" if photo.ext == "webp" else "webp")
    for name in [*photo.file_names, other_ext]:
        assert client.get(f"/photos/{name}").status_code == 404
    for name in (
        f"photo-{secrets.token_hex(16)}-d.webp",
        f"photo-{photo.file_key}-x.{photo.ext}",
        f"photo-{photo.file_key.upper()}-d.{photo.ext}",
        "..%2f..%2fsecret_key",
        "test.db",
        f"photo-{photo.file_key}-d.{photo.ext}.",
    ):
        assert client.get(f"/photos/{name}").status_code == 404


def test_a_licence_document_in_the_same_folder_is_never_served_as_a_photo(app, w, client):
    from tests.credentials_helpers import post_licence

    post_licence(w.owner, w.slug)
    (document,) = _files(app)
    assert client.get(f"/photos/{document}").status_code == 404
    assert w.owner.get(f"/photos/{document}").status_code == 404


def test_uploads_without_a_csrf_token_are_refused(app, w):
    response = w.owner.post(
        f"/account/listings/{w.slug}/photos",
        data=_multipart(w.slug),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    review = w.patient.post(
        f"/reviews/{w.review_id}/photos",
        data={"caption": "before", "consent": "y", "photo": (io.BytesIO(image_bytes()), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert review.status_code == 400
    upload_clinic(w.owner, w.slug)
    (photo,) = photos_in_db(app)
    assert w.owner.post(f"/account/photos/{photo.id}/delete").status_code == 400
    assert len(photos_in_db(app)) == 1


@pytest.fixture
def limited(app_config):
    app_config.update(
        {
            "RATELIMIT_ENABLED": True,
            "PHOTO_RATE_LIMIT": "2 per hour",
            "PHOTO_EDIT_RATE_LIMIT": "1 per hour",
        }
    )
    return app_config


def test_uploads_and_edits_are_rate_limited_per_account(limited, app, make_user):
    w = world(app, make_user)
    small = image_bytes(size=(40, 40))
    assert upload_clinic(w.owner, w.slug, small).status_code == 302
    assert upload_clinic(w.owner, w.slug, small).status_code == 302
    assert upload_clinic(w.owner, w.slug, small).status_code == 429
    assert len(photos_in_db(app)) == 2
    first, second = photos_in_db(app)
    assert _post(w.owner, f"/account/photos/{first.id}/delete").status_code == 302
    assert _post(w.owner, f"/account/photos/{second.id}/delete").status_code == 429
    # The patient's budget is their own.
    assert upload_review_photo(w.patient, w.review_id).status_code == 302
