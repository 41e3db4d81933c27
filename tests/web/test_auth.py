"""Registration, login, logout and their guards, through the real forms."""

from __future__ import annotations

from tests.account_helpers import confirm_by_email, register
from tests.conftest import PASSWORD, csrf_token


def _register(client, **overrides):
    return register(client, **overrides)


def test_register_sends_a_link_and_the_link_logs_in_to_the_account(mail_server, client):
    response = _register(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/register/check-inbox")
    # Not logged in until the address is proven.
    assert client.get("/account/").status_code == 302
    landed = confirm_by_email(client, mail_server, "new@example.org")
    assert landed.headers["Location"].endswith("/account/")
    assert client.get("/account/").status_code == 200


def test_practitioner_lands_on_listings_after_confirming(mail_server, client):
    _register(client, role="practitioner", email="doc@example.org")
    landed = confirm_by_email(client, mail_server, "doc@example.org")
    assert landed.headers["Location"].endswith("/account/listings")


def test_register_bad_input_keeps_what_was_typed(client):
    response = _register(client, email="not-an-email", confirm="different password")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="not-an-email"' in html
    assert "The passwords do not match." in html
    assert 'value="Newcomer"' in html


def test_register_refuses_staff_roles(client):
    response = _register(client, role="admin")
    assert response.status_code == 400


def test_login_wrong_password_shows_error(client, make_user, login):
    make_user("pat@example.org")
    response = login("pat@example.org", "wrong password!")
    assert response.status_code == 400
    assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_login_and_logout(client, make_user, login):
    make_user("pat@example.org")
    assert login("pat@example.org").status_code == 302
    assert client.get("/account/").status_code == 200
    token = csrf_token(client, "/account/")
    client.post("/auth/logout", data={"csrf_token": token})
    assert client.get("/account/").status_code == 302


def test_logout_by_get_is_not_allowed(client):
    assert client.get("/auth/logout").status_code == 405


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user("pat@example.org")
    response = client.post("/auth/login", data={"email": "pat@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account/").status_code == 302


def test_next_parameter_rejects_other_sites(client, make_user):
    make_user("pat@example.org")
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login?next=//evil.example/",
        data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/account/"
