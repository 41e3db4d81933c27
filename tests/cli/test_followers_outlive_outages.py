"""The index follower and the mail worker wait out a database outage instead of exiting (an
exited follower leaves its node's search stale until someone restarts it by hand). The real
PostgreSQL restart under load is ``python -m bench.faults``."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from directory.commands import search as search_commands
from directory.services import outbox


def _outage() -> OperationalError:
    return OperationalError("SELECT", {}, Exception("the database system is shutting down"))


def test_the_index_follower_waits_out_a_database_outage(runner, monkeypatch):
    calls = []

    def sync_once() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise _outage()
        raise KeyboardInterrupt  # the operator stops it after it carried on

    monkeypatch.setattr(search_commands, "_sync_once", sync_once)
    result = runner.invoke(args=["search", "sync", "--follow", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2
    assert "the database is unavailable" in result.output


def test_the_index_follower_survives_an_unexpected_error(runner, monkeypatch, caplog):
    # The fault run saw a follower die of a TypeError from Whoosh (a reader opened while
    # another process merged); its node then served stale search results until restarted.
    calls = []

    def sync_once() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise TypeError("'NoneType' object is not subscriptable")
        raise KeyboardInterrupt

    monkeypatch.setattr(search_commands, "_sync_once", sync_once)
    result = runner.invoke(args=["search", "sync", "--follow", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2
    assert "applying changes failed" in caplog.text


@pytest.fixture
def mail_configured(app_config):
    app_config["MAIL_SERVER"] = "127.0.0.1"


def test_the_mail_worker_waits_out_a_database_outage(mail_configured, runner, monkeypatch):
    calls = []

    def follow(interval: float, *, stop) -> None:
        calls.append(interval)
        if len(calls) == 1:
            raise _outage()

    monkeypatch.setattr(outbox, "follow", follow)
    monkeypatch.setattr("directory.commands.outages.RETRY_SECONDS", 0.01)
    monkeypatch.setattr("directory.commands.mail.signal.signal", lambda *_args: None)
    result = runner.invoke(args=["mail", "deliver", "--follow"])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2
    assert "the database is unavailable" in result.output
