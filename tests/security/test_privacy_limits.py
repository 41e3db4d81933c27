"""Rate limits on the account settings and privacy pages (issue 9): the export (it builds a
large answer), and wrong current passwords on the forms that ask for one, so a borrowed
session cannot guess the password through them."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "EXPORT_RATE_LIMIT": "2 per hour",
        "PASSWORD_CHECK_RATE_LIMIT": "3 per hour",
    }


def _download(client):
    return client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/export")}
    )


def test_export_is_rate_limited_per_account(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    assert _download(client).status_code == 200
    assert _download(client).status_code == 200
    assert _download(client).status_code == 429


def test_wrong_passwords_on_settings_forms_share_one_budget(client, make_user, login):
    make_user("pat@example.org")
    login("pat@example.org")
    token = csrf_token(client, "/account/delete")
    wrong = {"csrf_token": token, "password": "guess one two three"}
    assert client.post("/account/delete", data=wrong).status_code == 400
    assert client.post("/account/delete", data=wrong).status_code == 400
    email = {
        "email-csrf_token": token,
        "email-email": "x@example.net",
        "email-password": "guess four five",
    }
    assert client.post("/account/settings/email", data=email).status_code == 400
    # The budget is spent: even the right password is not checked now.
    right = {"csrf_token": token, "password": "correct horse battery"}
    assert client.post("/account/delete", data=right).status_code == 429
