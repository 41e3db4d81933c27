"""Deleting an account (issue 9, GDPR Art. 17): /account/delete asks for the password, logs the
account out everywhere and mails the date; logging in during the 14-day grace cancels it; owners
of listings are refused. ``flask users purge-deleted`` (tests/cli/test_purge_deleted.py) then
removes the personal data."""

from __future__ import annotations

from datetime import timedelta

from directory.extensions import db
from directory.models import AuditEntry, Listing, SearchChange, User
from directory.services import accounts
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
    assert f"will be deleted on {due.day} {due:%b %Y}" in mail.get_content()  # one date format
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
    page = client.get("/account/delete").get_data(as_text=True)
    assert "Hand them over" in page and "Give up this listing" in page
    response = _delete(client)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "You own 1 listing" in text and "Glow Clinic" in text and "unlist" in text
    with app.app_context():
        assert db.session.get(User, owner_id).deletion_requested_at is None


def _unlist(client, slug: str, password: str = PASSWORD):
    token = csrf_token(client, "/account/delete")
    data = {"unlist-csrf_token": token, "unlist-listing": slug, "unlist-password": password}
    return client.post("/account/delete/unlist", data=data)


def test_an_owner_unlists_their_listing_and_can_then_delete(app, client, make_user, login):
    owner_id, slug, listing_id = owner_and_listing(app, make_user, name="Glow Clinic")
    login("owner@example.org")
    response = _unlist(client, slug, password="wrong password here")
    assert response.status_code == 400
    assert 'id="unlist-password-error"' in response.get_data(as_text=True)
    assert client.get(f"/practitioners/{slug}").status_code == 200

    response = _unlist(client, slug)
    assert response.status_code == 302
    # Given up, not hidden: the reviews stay public; the listing waits for a claim.
    profile = client.get(f"/practitioners/{slug}")
    assert profile.status_code == 200 and "Unclaimed" in profile.get_data(as_text=True)
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        assert listing.owner_id is None and not listing.hidden
        change = db.session.scalars(
            db.select(SearchChange).where(SearchChange.listing_id == listing_id)
        ).all()[-1]
        assert change.op != "delete"  # it stays in search
        entry = db.session.scalars(db.select(AuditEntry)).one()
        assert (entry.action, entry.actor_id, entry.target_id) == (
            "listing_unlisted",
            owner_id,
            listing_id,
        )
    assert _delete(client).status_code == 302
    with app.app_context():
        assert db.session.get(User, owner_id).deletion_requested_at is not None


def test_nobody_unlists_a_listing_they_do_not_own(app, client, make_user, login):
    _owner_id, slug, listing_id = owner_and_listing(app, make_user)
    make_user("other@example.org", role="practitioner")
    with app.app_context():
        from tests.factories import make_listing

        make_listing(owner_id=_user_id(app, "other@example.org"))
    login("other@example.org")
    response = _unlist(client, slug)
    assert response.status_code == 400
    with app.app_context():
        assert not db.session.get(Listing, listing_id).hidden


def _user_id(app, email: str) -> int:
    with app.app_context():
        return accounts.find_by_email(email).id
