"""What the long-running commands (the index follower, the mail worker) do when the database
goes away: wait and try again, so a PostgreSQL restart does not leave a node with a follower
or a mail worker that exited and must be restarted by hand."""

from __future__ import annotations

import contextlib
import time

import click
from sqlalchemy.exc import InterfaceError, OperationalError

from directory.extensions import db

# The driver's "cannot reach / lost the server" errors; anything else is a real bug and stops.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_SECONDS = 2.0


def wait_out(error: Exception, seconds: float | None = None) -> None:
    """Say why, drop the session (its connection is dead; the pool's pre-ping replaces it) and
    wait ``seconds`` (default RETRY_SECONDS) before the caller tries again."""
    click.echo(f"Waiting: the database is unavailable ({error.__class__.__name__}).", err=True)
    # Closing a dead connection may fail too; the pool discards it either way.
    with contextlib.suppress(*DATABASE_DOWN):
        db.session.remove()
    time.sleep(RETRY_SECONDS if seconds is None else seconds)
