"""Headers and form tokens (issue 9): Strict-Transport-Security outside debug and testing over
http; ``Cache-Control: no-store`` on every signed-in page (public pages and the public API stay
cacheable); CSRF tokens rotate at login and expire after a few hours, and an expired form is
offered again with what was typed instead of a bare 400."""

from __future__ import annotations

import html as html_lib
import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from directory import create_app
from directory.extensions import db
from directory.models import Question
from tests.conftest import PASSWORD, csrf_token
from tests.review_helpers import owner_and_listing


@pytest.fixture
def production_app(app):
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR", "UPLOAD_DIR", "SECRET_KEY")
    }
    config.update(TESTING=False, DEBUG=False, PASSWORD_HASH_FAST=True, RATELIMIT_ENABLED=False)
    production = create_app(config)
    yield production
    with production.app_context():
        db.engine.dispose()


def test_hsts_in_production(production_app):
    response = production_app.test_client().get("https://localhost/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_hsts_when_testing_over_http(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_can_be_turned_off(app):
    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY")}
    config.update(
        TESTING=False,
        HSTS_SECONDS=0,
        SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"],
        UPLOAD_DIR=app.config["UPLOAD_DIR"],
    )
    other = create_app(config)
    assert "Strict-Transport-Security" not in other.test_client().get("https://localhost/").headers


@pytest.fixture
def slug(app, make_user):
    _owner_id, slug, _listing_id = owner_and_listing(app, make_user)
    make_user("pat@example.org")
    return slug


def test_signed_in_pages_are_not_stored(client, login, slug):
    login("pat@example.org")
    for path in ("/account/", "/account/security", "/account/inbox", "/", f"/practitioners/{slug}"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path


def test_public_pages_and_api_stay_cacheable(client, login, slug):
    for path in ("/", "/guides/risks", f"/practitioners/{slug}"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", ""), path
    login("pat@example.org")
    for path in (f"/api/v1/practitioners/{slug}", "/static/css/site.css"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", ""), path


def test_login_pages_are_not_stored(client):
    assert client.get("/auth/login").headers["Cache-Control"] == "no-store"


def test_the_csrf_token_rotates_at_login(client, make_user):
    make_user("pat@example.org")
    before = csrf_token(client, "/auth/login")
    client.post(
        "/auth/login", data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": before}
    )
    after = csrf_token(client, "/account/")
    assert after != before
    # The token from before login no longer passes (its raw secret was replaced).
    response = client.post("/auth/logout", data={"csrf_token": before})
    assert response.status_code == 400
    assert client.get("/account/").status_code == 200


def test_csrf_tokens_expire_after_four_hours(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 4 * 3600


def test_an_expired_form_keeps_what_was_typed(client, login, slug):
    login("pat@example.org")
    url = f"/practitioners/{slug}/questions"
    csrf_token(client, url)  # the page was opened...

    class FiveHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 5 * 3600

    # ...five hours ago: the same token Flask-WTF made then, signed with that time.
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    secret = client.application.config["SECRET_KEY"]
    stale = URLSafeTimedSerializer(secret, salt="wtf-csrf-token", signer=FiveHoursAgo).dumps(raw)
    body = "Do you use numbing cream <b>before</b> the treatment? I bruise easily."
    response = client.post(
        url, data={"topic": "needle_depth", "body": body, "public": "y", "csrf_token": stale}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form expired" in page and "We kept your text" in page
    assert html_lib.escape(body) in page and "<b>before</b>" not in page
    assert f'action="{url}"' in page
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    kept = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page))
    assert kept["csrf_token"] == fresh
    resent = {name: html_lib.unescape(value) for name, value in kept.items()}
    assert client.post(url, data=resent).status_code == 302
    with client.application.app_context():
        assert db.session.scalar(select(Question.body)) == body


def test_an_expired_login_form_never_echoes_the_password(client, make_user):
    make_user("pat@example.org")
    response = client.post(
        "/auth/login",
        data={"email": "pat@example.org", "password": PASSWORD, "csrf_token": "expired"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form expired" in page
    assert PASSWORD not in page
    assert "Passwords and codes are never kept" in page
