"""An owner submits licences and follows their decisions in /account/licences."""

from __future__ import annotations

import os
from datetime import date, timedelta

from directory.extensions import db
from directory.models import Licence, Notification
from tests.conftest import csrf_token
from tests.credentials_helpers import (
    PDF,
    decide,
    logged_in,
    make_owner,
    post_licence,
    submit_pending,
)


def _licences(app):
    with app.app_context():
        return db.session.scalars(db.select(Licence)).all()


def _stored_files(app):
    return os.listdir(app.config["UPLOAD_DIR"])


def test_owner_submits_a_licence_and_sees_it_pending(app, make_user):
    _, slug = make_owner(app, make_user)
    client = logged_in(app, "owner@example.org")
    response = post_licence(client, slug)
    assert response.status_code == 302
    page = client.get("/account/licences").get_data(as_text=True)
    assert "RN-889123" in page and "Pending review" in page
    (licence,) = _licences(app)
    assert licence.status == "pending"
    assert licence.jurisdiction == "US-TX"
    assert licence.document_mime == "application/pdf"
    assert _stored_files(app) == [licence.document_name]


def test_form_offers_only_the_owners_listings(app, make_user):
    _, mine = make_owner(app, make_user)
    _, theirs = make_owner(app, make_user, "other@example.org", name="Someone Else")
    client = logged_in(app, "owner@example.org")
    page = client.get("/account/licences").get_data(as_text=True)
    assert f'value="{mine}"' in page
    assert f'value="{theirs}"' not in page


def test_licence_for_someone_elses_listing_is_refused(app, make_user):
    make_owner(app, make_user)
    _, theirs = make_owner(app, make_user, "other@example.org", name="Someone Else")
    client = logged_in(app, "owner@example.org")
    response = post_licence(client, theirs)
    assert response.status_code == 400
    assert "Choose one of your listings." in response.get_data(as_text=True)
    assert _licences(app) == [] and _stored_files(app) == []


def test_missing_fields_keep_what_was_typed_and_store_nothing(app, make_user):
    _, slug = make_owner(app, make_user)
    client = logged_in(app, "owner@example.org")
    response = post_licence(client, slug, number="", authority="Texas Board of Nursing")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the licence number." in html
    assert 'value="Texas Board of Nursing"' in html
    assert _licences(app) == [] and _stored_files(app) == []


def test_an_already_expired_licence_is_refused(app, make_user):
    _, slug = make_owner(app, make_user)
    client = logged_in(app, "owner@example.org")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = post_licence(client, slug, expires_on=yesterday)
    assert response.status_code == 400
    assert "already expired" in response.get_data(as_text=True)
    assert _licences(app) == [] and _stored_files(app) == []


def test_unknown_state_is_refused(app, make_user):
    _, slug = make_owner(app, make_user)
    client = logged_in(app, "owner@example.org")
    response = post_licence(client, slug, jurisdiction="US-XX")
    assert response.status_code == 400
    assert "Choose the state that issued the licence." in response.get_data(as_text=True)


def test_the_same_pending_licence_cannot_be_sent_twice(app, make_user):
    _, slug = make_owner(app, make_user)
    client = logged_in(app, "owner@example.org")
    assert post_licence(client, slug).status_code == 302
    response = post_licence(client, slug, number="rn 889123")
    assert response.status_code == 400
    assert "already waiting for a moderator" in response.get_data(as_text=True)
    assert len(_licences(app)) == 1 and len(_stored_files(app)) == 1


def test_owner_sees_the_rejection_note_and_is_notified(app, make_user):
    owner_id, slug = make_owner(app, make_user)
    licence_id = submit_pending(app, owner_id, slug)
    make_user("mod@example.org", role="moderator")
    decide(logged_in(app, "mod@example.org"), licence_id, "reject", "The number is illegible.")
    page = logged_in(app, "owner@example.org").get("/account/licences").get_data(as_text=True)
    assert "Rejected" in page and "The number is illegible." in page
    with app.app_context():
        messages = db.session.scalars(
            db.select(Notification.message).where(Notification.user_id == owner_id)
        ).all()
    assert any("The number is illegible." in m for m in messages)


def test_owner_downloads_their_own_document_as_an_attachment(app, make_user):
    owner_id, slug = make_owner(app, make_user)
    licence_id = submit_pending(app, owner_id, slug)
    response = logged_in(app, "owner@example.org").get(f"/account/licences/{licence_id}/document")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"


def test_practitioner_without_listings_is_sent_to_add_one(app, make_user):
    make_user("new@example.org", role="practitioner")
    page = logged_in(app, "new@example.org").get("/account/licences").get_data(as_text=True)
    assert "Add a listing first" in page


def test_licence_page_is_for_practitioners(app, make_user, client):
    assert client.get("/account/licences").status_code == 302
    make_user("pat@example.org")
    patient = logged_in(app, "pat@example.org")
    assert patient.get("/account/licences").status_code == 403
    token = csrf_token(patient, "/account/")
    response = patient.post("/account/licences", data={"csrf_token": token})
    assert response.status_code == 403
