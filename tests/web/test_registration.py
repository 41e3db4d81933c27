"""Issue 9: registration does not reveal who has an account, and the address is confirmed by a
signed, single-use link that expires after 48 hours.

Before: registering a taken address answered "An account with this email already exists." (400),
so anyone could test addresses; a new account was logged in at once with an unproven address.
"""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from directory.extensions import db
from directory.models import User
from tests.account_helpers import confirm_by_email, confirm_link, register
from tests.conftest import PASSWORD, csrf_token

OTHER_PASSWORD = "violet canyon morning tea"


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def _answer(client, response) -> tuple[int, str, int, str]:
    """What a visitor sees: the status and target of the redirect, then the page it leads to."""
    page = client.get(response.headers["Location"])
    return response.status_code, response.headers["Location"], page.status_code, page.text


def test_new_and_taken_addresses_get_the_same_answer(mail_server, app, client, make_user):
    make_user("taken@example.org", name="Original Owner")
    before = _user(app, "taken@example.org")

    new = _answer(client, register(client, email="fresh@example.org"))
    other = app.test_client()
    taken = _answer(other, register(other, email="taken@example.org"))

    assert new[:3] == taken[:3] == (302, "/auth/register/check-inbox", 200)
    assert new[3].replace("fresh@", "taken@") == taken[3]
    assert (
        "We sent a link to <strong>taken@example.org</strong> to finish creating your account"
        in taken[3]
    )
    assert "already exists" not in taken[3]
    # The taken account is untouched: same password hash, name and role.
    after = _user(app, "taken@example.org")
    assert (after.password_hash, after.display_name, after.role) == (
        before.password_hash,
        before.display_name,
        before.role,
    )


def test_taken_address_emails_its_owner_not_a_confirmation_link(
    mail_server, app, client, make_user
):
    make_user("taken@example.org")
    register(client, email="taken@example.org", password=OTHER_PASSWORD, confirm=OTHER_PASSWORD)

    (message,) = mail_server.to("taken@example.org")
    assert message["Subject"] == "Someone tried to create a Needlewise account with your address"
    body = message.get_content()
    assert "You already have an account, so nothing was changed." in body
    assert mail_server.link("taken@example.org", "/auth/login") == "/auth/login"
    assert mail_server.link("taken@example.org", "/auth/password/forgot") == (
        "/auth/password/forgot"
    )
    assert "/auth/confirm/" not in body
    # The attempt's password does not open the account; the owner's still does.
    assert client.get("/account/").status_code == 302
    data = {
        "email": "taken@example.org",
        "password": OTHER_PASSWORD,
        "csrf_token": csrf_token(client, "/auth/login"),
    }
    assert client.post("/auth/login", data=data).status_code == 400


def test_both_branches_hash_the_password(mail_server, app, client, make_user, monkeypatch):
    """Similar timing: a new address costs one argon2 hash, and so does a taken one."""
    from directory.services import accounts

    make_user("taken@example.org")
    calls: list[str] = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda pw: calls.append(pw) or real(pw))
    register(client, email="fresh@example.org")
    register(app.test_client(), email="taken@example.org")
    assert calls == [PASSWORD, PASSWORD]


def test_registration_does_not_log_in_and_the_account_waits_unconfirmed(mail_server, app, client):
    register(client, email="fresh@example.org")
    assert client.get("/account/").status_code == 302
    user = _user(app, "fresh@example.org")
    assert user is not None and user.email_confirmed_at is None
    (message,) = mail_server.to("fresh@example.org")
    assert message["Subject"] == "Confirm your email address for Needlewise"
    assert "within 48 hours" in message.get_content()


def test_confirmation_link_confirms_logs_in_and_works_once(mail_server, app, client):
    register(client, email="fresh@example.org")
    link = mail_server.link("fresh@example.org", "/auth/confirm/")

    opened = client.get(link)  # a mail scanner's GET changes nothing
    assert opened.status_code == 200 and "Confirm my address" in opened.text
    assert _user(app, "fresh@example.org").email_confirmed_at is None
    response = confirm_link(client, link)
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Thank you: your email address is confirmed." in page.text
    assert "Send the link again" not in page.text  # the banner is gone
    assert _user(app, "fresh@example.org").email_confirmed_at is not None

    # Used: another browser gets the friendly page, not a login.
    stranger = app.test_client()
    again = stranger.get(link)
    assert again.status_code == 400
    assert "This link was already used" in again.text
    assert stranger.get("/account/").status_code == 302


def test_forged_and_truncated_links_are_refused_kindly(mail_server, app, client):
    register(client, email="fresh@example.org")
    link = mail_server.link("fresh@example.org", "/auth/confirm/")
    token = link.removeprefix("/auth/confirm/")
    # The payload names user 1 ("eyJ1IjoxL..."); a forger changes it to user 2.
    forged = "/auth/confirm/" + token.replace("eyJ1IjoxL", "eyJ1IjoyL", 1)
    assert forged != link
    for bad in (link[:-3], forged, "/auth/confirm/x"):
        response = client.get(bad)
        assert response.status_code == 400, bad
        assert "This confirmation link does not work" in response.text
        assert "Log in to get a new link" in response.text
    assert _user(app, "fresh@example.org").email_confirmed_at is None


def test_the_owner_of_an_address_someone_else_registered_cannot_confirm_it_for_them(
    mail_server, app, client
):
    # A stranger registers the victim's address with a password the stranger knows.
    chosen = "stranger's own password 1"
    register(client, email="victim@example.org", password=chosen, confirm=chosen)
    link = mail_server.link("victim@example.org", "/auth/confirm/")
    victim = app.test_client()
    assert victim.get(link).status_code == 200  # opening the email does nothing
    wrong = confirm_link(victim, link, "the victim's guess 2026")
    assert wrong.status_code == 400 and "Forgot password?" in wrong.text
    assert _user(app, "victim@example.org").email_confirmed_at is None
    assert victim.get("/account/").status_code == 302  # and nobody was logged in


def test_confirmation_link_expires_after_48_hours(mail_server, app, client, monkeypatch):
    register(client, email="fresh@example.org")
    link = mail_server.link("fresh@example.org", "/auth/confirm/")
    later = int(time.time()) + 48 * 3600 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.get(link)
    assert response.status_code == 400
    assert "The link has expired" in response.text
    assert _user(app, "fresh@example.org").email_confirmed_at is None


def test_unconfirmed_account_logs_in_sees_the_banner_and_resends(mail_server, app, client, login):
    register(client, email="fresh@example.org")
    first = mail_server.link("fresh@example.org", "/auth/confirm/")
    assert login("fresh@example.org").status_code == 302
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Confirm your email address" in page.text and "Send the link again" in page.text

    token = csrf_token(client, "/account/confirm")
    response = client.post("/account/confirm", data={"csrf_token": token}, follow_redirects=True)
    assert "We sent a new confirmation link to fresh@example.org" in response.text
    assert len(mail_server.to("fresh@example.org")) == 2
    second = mail_server.link("fresh@example.org", "/auth/confirm/")
    assert confirm_link(client, second).headers["Location"] == "/account/"
    # Confirming used up every earlier link too.
    assert client.get(first).status_code == 302  # same person: "already confirmed"
    assert app.test_client().get(first).status_code == 400


def test_resend_page_needs_a_login(client):
    response = client.get("/account/confirm")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.fixture
def limits_on(app_config: dict) -> None:
    """Turn the rate limiter on (the shared test config turns it off); request before app."""
    app_config.update({"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})


def test_resending_is_limited_per_account(limits_on, mail_server, app, client, login):
    register(client, email="fresh@example.org")
    login("fresh@example.org")
    for _ in range(3):
        token = csrf_token(client, "/account/confirm")
        assert client.post("/account/confirm", data={"csrf_token": token}).status_code == 302
    refused = client.post("/account/confirm", data={"csrf_token": token})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.text
    assert len(mail_server.to("fresh@example.org")) == 4  # registration + 3 resends


def test_confirmation_with_two_factor_asks_for_the_code_first(mail_server, app, client):
    from directory.services import two_factor
    from tests.two_factor_helpers import TOTP_SECRET, finish_login

    register(client, email="fresh@example.org")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "fresh@example.org"))
        two_factor.set_known_secret(user, TOTP_SECRET)
        db.session.commit()
    response = confirm_by_email(client, mail_server, "fresh@example.org")
    assert response.headers["Location"] == "/auth/two-factor"
    assert client.get("/account/").status_code == 302
    finished = finish_login(client, response, "fresh@example.org")
    assert finished.headers["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_registering_one_address_is_limited(limits_on, mail_server, app, make_user):
    """Each attempt emails the address's owner, so a stranger cannot flood their inbox."""
    make_user("taken@example.org")
    for n in range(3):
        assert register(app.test_client(), email="taken@example.org").status_code == 302, n
    refused = register(app.test_client(), email="taken@example.org")
    assert refused.status_code == 429
    assert len(mail_server.to("taken@example.org")) == 3
    # A new address is limited the same way, so the 429 tells nothing either.
    for n in range(3):
        assert register(app.test_client(), email="fresh@example.org").status_code == 302, n
    assert register(app.test_client(), email="fresh@example.org").status_code == 429


def test_register_done_page_needs_a_registration(client):
    assert client.get("/auth/register/check-inbox").headers["Location"] == "/auth/register"
