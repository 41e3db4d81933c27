"""Deleting an account (issue 9, GDPR Art. 17): /account/delete asks for the password, logs the
account out everywhere and mails the date; logging in during the 14-day grace cancels it; owners
of listings are refused. ``flask users purge-deleted`` (tests/cli/test_purge_deleted.py) then
removes the personal data."""

from __future__ import annotations

from datetime import timedelta

from directory.extensions import db
from directory.models import User
from tests.conftest import PASSWORD, csrf_token
from tests.privacy_helpers import user_row
from tests.review_helpers import owner_and_listing


def _delete(client, password: str = PASSWORD, withdraw: bool = False):
    data = {"csrf_token": csrf_token(client, "/account/delete"), "password": password}
    if withdraw:
        data["withdraw_text"] = "y"
    return client.post("/account/delete", data=data)


def test_delete_page_needs_login_and_explains_what_is_kept(client, make_user, login):
    assert client.get("/account/delete").status_code == 302
    make_user("pat@example.org")
    login("pat@example.org")
    html = client.get("/account/delete").get_data(as_text=True)
    assert "14 days" in html and "Former patient" in html
    assert 'name="withdraw_text"' in html


def test_a_wrong_password_is_refused_beside_the_field(app, client, make_user, login):
    user_id = make_user("pat@example.org")
    login("pat@example.org")
    response = _delete(client, password="not my password")
    assert response.status_code == 400
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert user_row(app, user_id).deletion_requested_at is None
    assert client.get("/account/").status_code == 200


def test_deletion_logs_out_everywhere_and_mails_the_date(
    mail_server, app, client, make_user, login
):
    user_id = make_user("pat@example.org")
    other = app.test_client()
    other.post(
        "/auth/login",
        data={
            "email": "pat@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(other, "/auth/login"),
        },
    )
    assert other.get("/account/").status_code == 200
    login("pat@example.org")
    response = _delete(client, withdraw=True)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302
    assert other.get("/account/").status_code == 302
    user = user_row(app, user_id)
    assert user.deletion_requested_at is not None and user.deletion_withdraw_text is True
    due = user.deletion_requested_at + timedelta(days=14)
    (mail,) = mail_server.to("pat@example.org")
    assert f"will be deleted on {due:%d %B %Y}" in mail.get_content()
    assert "Log in before then to cancel" in mail.get_content()


def test_logging_in_during_the_grace_cancels_the_deletion(app, client, make_user, login):
    user_id = make_user("pat@example.org")
    login("pat@example.org")
    _delete(client)
    response = login("pat@example.org")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your account deletion was cancelled" in page
    user = user_row(app, user_id)
    assert user.deletion_requested_at is None and user.deletion_withdraw_text is False


def test_owners_of_listings_are_refused_with_what_to_do(app, client, make_user, login):
    owner_id, _slug, _listing_id = owner_and_listing(app, make_user, name="Glow Clinic")
    login("owner@example.org")
    assert "Hand them over" in client.get("/account/delete").get_data(as_text=True)
    response = _delete(client)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "You own 1 listing (Glow Clinic)" in text and "unlist" in text
    with app.app_context():
        assert db.session.get(User, owner_id).deletion_requested_at is None
