"""Login attempts are rate limited: ten POSTs a minute from one address, then 429."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def test_eleventh_login_post_within_a_minute_is_refused(client, make_user):
    make_user("pat@example.org")
    token = csrf_token(client, "/auth/login")
    wrong = {"email": "pat@example.org", "password": "not the password", "csrf_token": token}
    for attempt in range(10):
        response = client.post("/auth/login", data=wrong)
        assert response.status_code == 400, attempt
        assert "Email or password is incorrect." in response.get_data(as_text=True)

    response = client.post("/auth/login", data=wrong)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    html = response.get_data(as_text=True)
    assert "Too many attempts" in html
    assert "<main" in html

    # Even the right password is refused until the window has passed.
    right = {**wrong, "password": "correct horse battery"}
    assert client.post("/auth/login", data=right).status_code == 429


def test_reading_the_login_page_is_not_limited(client):
    for _ in range(15):
        assert client.get("/auth/login").status_code == 200
