"""Before/after photos on a patient's review: consent, a moderator's decision (audited)
before anyone else sees them, and removal by the patient at any time."""

from __future__ import annotations

import os

import pytest

from directory.extensions import db
from directory.models import AuditEntry, Notification
from tests.conftest import csrf_token
from tests.credentials_helpers import logged_in
from tests.photos_helpers import has_gps_or_exif, photos_in_db, upload_review_photo, world


@pytest.fixture
def w(app, make_user):
    return world(app, make_user)


@pytest.fixture
def moderator(app, make_user):
    make_user("mod@example.org", role="moderator", name="Mo")
    return logged_in(app, "mod@example.org")


def _decide(client, photo_id: int, decision: str, note: str = ""):
    token = csrf_token(client, "/moderation/photos")
    return client.post(
        f"/moderation/photos/{photo_id}",
        data={"decision": decision, "note": note, "csrf_token": token},
    )


def test_consent_is_required_when_a_photo_is_attached(app, w):
    response = upload_review_photo(w.patient, w.review_id, consent=False)
    assert response.status_code == 400
    assert "Tick the box to agree" in response.get_data(as_text=True)
    assert photos_in_db(app) == []
    assert not os.path.isdir(app.config["UPLOAD_DIR"]) or os.listdir(app.config["UPLOAD_DIR"]) == []


def test_a_review_photo_waits_for_a_moderator_and_then_shows_on_the_profile(
    app, w, moderator, client
):
    assert upload_review_photo(w.patient, w.review_id).status_code == 302
    (photo,) = photos_in_db(app, kind="review")
    assert photo.status == "pending" and photo.consent_at is not None
    assert photo.caption == "before"

    # Nobody but the author and moderators sees it yet.
    assert client.get(photo.url).status_code == 404
    assert w.owner.get(photo.thumb_url).status_code == 404
    assert "photos-heading" not in client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    own = w.patient.get(photo.url)
    assert own.status_code == 200 and "no-store" in own.headers["Cache-Control"]
    assert "public" not in own.headers["Cache-Control"]
    assert not has_gps_or_exif(own.data)
    assert moderator.get(photo.thumb_url).status_code == 200
    assert "Waiting for a moderator" in w.patient.get(f"/reviews/{w.review_id}/photos").get_data(
        as_text=True
    )

    queue = moderator.get("/moderation/photos").get_data(as_text=True)
    assert f'id="photo-{photo.id}"' in queue and photo.thumb_url in queue
    assert _decide(moderator, photo.id, "approve").status_code == 302
    (photo,) = photos_in_db(app, kind="review")
    assert photo.status == "approved"
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.target_type == "photo"))
        assert (entry.action, entry.target_id) == ("photo_approved", photo.id)
        assert db.session.scalar(
            db.select(Notification.message).where(Notification.user_id == w.patient_id)
        ).startswith("Your photo on your review")
    assert "Review photo approved" in moderator.get("/moderation/log").get_data(as_text=True)

    page = client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    assert photo.thumb_url in page and f'href="#review-{w.review_id}"' in page
    assert "Before treatment" in page
    assert client.get(photo.url).headers["Cache-Control"].endswith("immutable")


def test_rejecting_needs_a_note_and_is_audited(app, w, moderator, client):
    upload_review_photo(w.patient, w.review_id)
    (photo,) = photos_in_db(app, kind="review")
    _decide(moderator, photo.id, "reject")
    assert photos_in_db(app, kind="review")[0].status == "pending"
    _decide(moderator, photo.id, "reject", "Another person's face is visible.")
    assert photos_in_db(app, kind="review")[0].status == "rejected"
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.target_type == "photo"))
        assert entry.action == "photo_rejected" and "face" in entry.note
    assert client.get(photo.url).status_code == 404
    mine = w.patient.get(f"/reviews/{w.review_id}/photos").get_data(as_text=True)
    assert "Not accepted" in mine and "Another person&#39;s face is visible." in mine


def test_the_patient_removes_a_photo_at_any_time_files_and_all(app, w, moderator, client):
    upload_review_photo(w.patient, w.review_id)
    (photo,) = photos_in_db(app, kind="review")
    _decide(moderator, photo.id, "approve")
    assert client.get(photo.url).status_code == 200
    token = csrf_token(w.patient, f"/reviews/{w.review_id}/photos")
    response = w.patient.post(f"/account/photos/{photo.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(
        f"/reviews/{w.review_id}/photos"
    )
    assert photos_in_db(app) == []
    assert os.listdir(app.config["UPLOAD_DIR"]) == []
    assert client.get(photo.url).status_code == 404


def test_at_most_four_photos_per_review(app, w):
    app.config["REVIEW_PHOTOS_MAX"] = 1
    assert upload_review_photo(w.patient, w.review_id).status_code == 302
    response = upload_review_photo(w.patient, w.review_id, caption="after")
    assert response.status_code == 400
    assert "A review can have 1 photos" in response.get_data(as_text=True)


def test_photos_of_a_withdrawn_review_are_no_longer_public(app, w, moderator, client):
    upload_review_photo(w.patient, w.review_id)
    (photo,) = photos_in_db(app, kind="review")
    _decide(moderator, photo.id, "approve")
    token = csrf_token(w.patient, f"/reviews/{w.review_id}/edit")
    w.patient.post(f"/reviews/{w.review_id}/withdraw", data={"csrf_token": token})
    assert client.get(photo.url).status_code == 404
    assert photo.thumb_url not in client.get(f"/practitioners/{w.slug}").get_data(as_text=True)
    page = w.patient.get(f"/reviews/{w.review_id}/photos")
    assert page.status_code == 200 and "You can still remove them" in page.get_data(as_text=True)


def test_the_photos_page_is_linked_from_the_account_and_the_edit_page(app, w):
    assert f"/reviews/{w.review_id}/photos" in w.patient.get("/account/").get_data(as_text=True)
    edit = w.patient.get(f"/reviews/{w.review_id}/edit").get_data(as_text=True)
    assert f"/reviews/{w.review_id}/photos" in edit
    nav = w.patient.get(f"/reviews/{w.review_id}/photos").get_data(as_text=True)
    assert 'name="consent"' in nav and 'enctype="multipart/form-data"' in nav
