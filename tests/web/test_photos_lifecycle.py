"""Photos in the account's life: the data export lists them, and the purge of a deleted
account (``flask users purge-deleted``) removes its review photos, rows and files."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from directory.extensions import db
from directory.services import accounts
from tests.conftest import PASSWORD, csrf_token
from tests.photos_helpers import photos_in_db, upload_clinic, upload_review_photo, world


def test_the_data_export_lists_the_accounts_photos(app, make_user):
    w = world(app, make_user)
    upload_review_photo(w.patient, w.review_id, caption="after")
    upload_clinic(w.owner, w.slug, alt="Our room")
    response = w.patient.post(
        "/account/export", data={"csrf_token": csrf_token(w.patient, "/account/export")}
    )
    (photo,) = json.loads(response.get_data(as_text=True))["photos"]
    (stored,) = photos_in_db(app, kind="review")
    assert photo["id"] == stored.id and photo["review_id"] == w.review_id
    assert photo["caption"] == "after" and photo["status"] == "pending"
    assert photo["display_url"] == stored.url and photo["consent_at"]

    owner = w.owner.post(
        "/account/export", data={"csrf_token": csrf_token(w.owner, "/account/export")}
    )
    (clinic,) = json.loads(owner.get_data(as_text=True))["photos"]
    assert clinic["kind"] == "clinic" and clinic["alt_text"] == "Our room"


def test_purging_a_deleted_account_removes_its_review_photos_and_files(app, make_user, runner):
    w = world(app, make_user)
    upload_review_photo(w.patient, w.review_id)
    upload_clinic(w.owner, w.slug)
    (review_photo,) = photos_in_db(app, kind="review")
    (clinic_photo,) = photos_in_db(app, kind="clinic")
    data = {"csrf_token": csrf_token(w.patient, "/account/delete"), "password": PASSWORD}
    assert w.patient.post("/account/delete", data=data).status_code == 302
    with app.app_context():
        user = accounts.find_by_email("patricia@example.org")
        user.deletion_requested_at -= timedelta(days=15)
        db.session.commit()

    result = runner.invoke(args=["users", "purge-deleted"])
    assert result.exit_code == 0, result.output
    assert [p.id for p in photos_in_db(app)] == [clinic_photo.id]
    files = sorted(os.listdir(app.config["UPLOAD_DIR"]))
    assert files == sorted(clinic_photo.file_names)
    assert not set(review_photo.file_names) & set(files)
