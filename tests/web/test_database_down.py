"""While the database cannot be reached every page answers a quick 503 (not a 500, and not a
hang): the readiness check, pages and the API. Pointed at a PostgreSQL port where nothing
listens, so the driver's real connection error is what the app handles."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError

from directory import create_app
from tests.smtp_helpers import free_port


@pytest.fixture
def unreachable_app(app_config) -> Flask:
    """The app on a PostgreSQL address that refuses connections."""
    uri = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/needlewise"
    return create_app({**app_config, "SQLALCHEMY_DATABASE_URI": uri})


def _timed(client, path: str):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_readiness_answers_503_while_the_database_is_unreachable(unreachable_app):
    response, seconds = _timed(unreachable_app.test_client(), "/healthz")
    assert response.status_code == 503
    assert response.get_json()["db"] == "unavailable"
    assert seconds < 5


@pytest.mark.parametrize("path", ["/", "/practitioners/anyone", "/search?q=acne"])
def test_pages_answer_a_quick_503_with_retry_after_not_a_500(unreachable_app, path):
    response, seconds = _timed(unreachable_app.test_client(), path)
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"] == "5"
    assert "briefly unavailable" in response.get_data(as_text=True)
    assert seconds < 5


def test_the_api_answers_503_in_its_json_shape(unreachable_app):
    response = unreachable_app.test_client().get("/api/v1/practitioners/anyone")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"


def test_postgresql_connections_have_a_connect_timeout_and_keepalives(unreachable_app):
    connect_args = unreachable_app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
    assert connect_args["connect_timeout"] == 3
    assert connect_args["keepalives"] == 1
    assert unreachable_app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_only_postgresql_gets_the_connection_options(app):
    # The suite runs on SQLite (make test) and on PostgreSQL (make test-postgres).
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert options["connect_args"]["connect_timeout"] == 3
    else:
        assert "connect_args" not in options


def test_a_signed_in_visitor_gets_the_503_too_not_a_500(app, client, make_user, login, monkeypatch):
    # The database goes away after login: loading the account fails in the view and again
    # in the after-request hook that decides on Cache-Control; neither may turn into a 500.
    from sqlalchemy.exc import OperationalError

    from directory.services import sessions

    make_user("pat@example.org")
    login("pat@example.org")

    def unreachable(_identity: str):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(sessions, "load", unreachable)
    response = client.get("/account/")
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store"
    assert "briefly unavailable" in response.get_data(as_text=True)


def test_a_connection_lost_as_the_request_ends_keeps_the_finished_page(client, monkeypatch, caplog):
    # The fault run's PostgreSQL restart: the server closed the connection after the page's
    # last query; the session's rollback at teardown then failed and gunicorn answered 500.
    from sqlalchemy.orm import Session

    real_close = Session.close
    failed = []

    def close_on_a_dead_connection(self):
        if not failed:
            failed.append(True)
            raise OperationalError(
                "ROLLBACK", {}, Exception("terminating connection due to administrator command")
            )
        return real_close(self)

    monkeypatch.setattr(Session, "close", close_on_a_dead_connection)
    response = client.get("/")
    assert failed, "the teardown never closed the session"
    assert response.status_code == 200
    assert "lost as the request ended" in caplog.text
    assert client.get("/").status_code == 200  # the next request gets a working session
