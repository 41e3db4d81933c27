"""Counting the SQL statements a request runs: the fixture behind the query-count tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from directory.extensions import db


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block (app context)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def page_statements(app: Flask, client: FlaskClient, url: str) -> list[str]:
    """The statements of one GET of ``url`` (after a warm-up GET that fills process caches:
    the catalogue, the rating prior), asserting the page answered 200."""
    assert client.get(url).status_code == 200, url
    with app.app_context(), count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements
