"""Shared fixtures: an app on a fresh database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), its client and CLI runner, and helpers to make and log in accounts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from directory import create_app
from directory.extensions import db
from directory.services.catalogue import sync_catalogue
from tests.smtp_helpers import SITE_URL as SMTP_SITE_URL
from tests.smtp_helpers import Mailbox, free_port

PASSWORD = "correct horse battery"


def _postgres_schema_url(base_url: str) -> tuple[str, str]:
    """A per-test schema on the PostgreSQL test database, so xdist workers never collide."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options=-csearch_path%3D{schema}", schema


def _drop_schema(base_url: str, schema: str) -> None:
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Test configuration; tests may extend it before the ``app`` fixture runs."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_FAST": True,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": False,
        # Tests read the mailbox right after the request; production uses the mail worker.
        "MAIL_DELIVERY": "inline",
    }


@pytest.fixture
def mail_server(app_config) -> Iterator[Mailbox]:
    """A real local SMTP server the app sends to; request it before ``app``. Yields its mailbox."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app_config.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port,
                       "SITE_URL": SMTP_SITE_URL})  # fmt: skip
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def app(app_config, tmp_path) -> Iterator[Flask]:
    """A fresh application and empty database with the catalogue loaded."""
    base_url = os.environ.get("TEST_DATABASE_URL")
    schema = None
    if base_url:
        url, schema = _postgres_schema_url(base_url)
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    config = {"SQLALCHEMY_DATABASE_URI": url, **app_config}
    app = create_app(config)
    with app.app_context():
        db.create_all()
        sync_catalogue()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        _drop_schema(base_url, schema)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context for tests that call services directly."""
    with app.app_context():
        yield


def csrf_token(client: FlaskClient, url: str) -> str:
    """GET ``url`` and pull the CSRF token out of its form."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no csrf_token on {url}"
    return match.group(1)


@pytest.fixture
def make_user(app: Flask):
    """Create an account: ``make_user("a@x.org", role="practitioner")``; its email is
    confirmed unless ``confirmed=False``. Moderators and admins have two-factor on with
    ``tests.two_factor_helpers.TOTP_SECRET`` unless ``two_factor=False``."""
    from directory.services import accounts, two_factor
    from tests.two_factor_helpers import TOTP_SECRET

    def _make(
        email: str = "pat@example.org",
        role: str = "patient",
        name: str | None = None,
        confirmed: bool = True,
        two_factor_on: bool | None = None,
    ):
        with app.app_context():
            user = accounts.create_user(
                email, PASSWORD, role, name or email.split("@")[0], confirmed=confirmed
            )
            if two_factor_on if two_factor_on is not None else role in ("moderator", "admin"):
                two_factor.set_known_secret(user, TOTP_SECRET)
                db.session.commit()
            return user.id

    return _make


@pytest.fixture
def login(client: FlaskClient):
    """Log ``client`` in through the real login form (and the two-factor step, if on)."""
    from tests.two_factor_helpers import finish_login

    def _login(email: str, password: str = PASSWORD):
        token = csrf_token(client, "/auth/login")
        response = client.post(
            "/auth/login",
            data={"email": email, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        return finish_login(client, response, email)

    return _login
