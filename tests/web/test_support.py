"""/support (issue 9): the configurable contact address, linked from every page's footer and
from the message a suspended account sees at login."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.models import User
from directory.models.base import utcnow
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "SUPPORT_EMAIL": "help@clinic-directory.example"}


def test_support_page_shows_the_configured_address(client):
    html = client.get("/support").get_data(as_text=True)
    assert 'href="mailto:help@clinic-directory.example"' in html
    assert "Please include" in html


def test_every_page_links_to_support_in_the_footer(client):
    footer = client.get("/").get_data(as_text=True).split("site-footer", 1)[1]
    assert 'href="/support"' in footer


def test_a_suspended_account_is_pointed_to_support(app, client, make_user):
    user_id = make_user("pat@example.org")
    with app.app_context():
        db.session.get(User, user_id).suspended_at = utcnow()
        db.session.commit()
    data = {"email": "pat@example.org", "password": PASSWORD}
    data["csrf_token"] = csrf_token(client, "/auth/login")
    html = client.post("/auth/login", data=data).get_data(as_text=True)
    assert "This account is suspended" in html
    assert "contact support at help@clinic-directory.example (see /support)" in html
