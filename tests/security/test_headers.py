"""Security headers on every kind of response, and the flags on the session and remember-me
cookies (Secure outside debug/testing, always HttpOnly and SameSite=Lax)."""

from __future__ import annotations

import pytest
from flask import Flask

from directory import create_app
from tests.conftest import PASSWORD, csrf_token


def _csp_directives(value: str) -> dict[str, str]:
    directives = {}
    for part in value.split(";"):
        name, _, rest = part.strip().partition(" ")
        if name:
            directives[name] = rest.strip()
    return directives


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/guides/risks", 200), ("/auth/login", 200), ("/nowhere", 404),
     ("/api/v1/no-such-endpoint", 404), ("/static/css/site.css", 200)],
)  # fmt: skip
def test_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = _csp_directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["form-action"] == "'self'"
    # Inline scripts and styles are refused: no directive may allow them.
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def _cookie(response, name: str) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    raise AssertionError(f"no {name} cookie in {response.headers.getlist('Set-Cookie')}")


def _attributes(cookie: str) -> set[str]:
    return {part.strip().lower() for part in cookie.split(";")[1:]}


def _log_in(client, base_url: str, remember: bool):
    token = csrf_token(client, f"{base_url}/auth/login")
    data = {"email": "pat@example.org", "password": PASSWORD, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    # Over https Flask-WTF also checks that the Referer is this site.
    headers = {"Referer": f"{base_url}/auth/login"}
    response = client.post(f"{base_url}/auth/login", data=data, headers=headers)
    assert response.status_code == 302
    return response


def test_cookies_in_testing_are_httponly_lax_and_not_secure(client, make_user):
    make_user("pat@example.org")
    response = _log_in(client, "http://localhost", remember=True)
    for name in ("session", "remember_token"):
        attributes = _attributes(_cookie(response, name))
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "secure" not in attributes


@pytest.fixture
def production_app(app: Flask) -> Flask:
    """The same database, served by an app configured as in production (not testing or debug)."""
    config = {
        key: app.config[key]
        for key in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR", "UPLOAD_DIR", "SECRET_KEY")
    }
    config.update(TESTING=False, DEBUG=False, PASSWORD_HASH_FAST=True, RATELIMIT_ENABLED=False)
    production = create_app(config)
    yield production
    with production.app_context():
        from directory.extensions import db

        db.engine.dispose()


def test_production_cookies_are_secure(production_app, make_user):
    make_user("pat@example.org")
    assert production_app.config["SESSION_COOKIE_SECURE"] is True
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True
    client = production_app.test_client()
    response = _log_in(client, "https://localhost", remember=True)
    for name in ("session", "remember_token"):
        attributes = _attributes(_cookie(response, name))
        assert "secure" in attributes
        assert "httponly" in attributes
        assert "samesite=lax" in attributes


def test_login_without_remember_sets_no_remember_cookie(client, make_user):
    make_user("pat@example.org")
    response = _log_in(client, "http://localhost", remember=False)
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        # Flask-Login may send an expired, empty cookie to clear an old one; never a token.
        assert name != "remember_token" or rest.startswith(";"), header
