"""Where a served process's log records go.

Gunicorn configures only its own loggers. Without a handler on the root logger the app's and
the libraries' warnings are lost or, worse, half-lost: Flask-Limiter gives its logger a
``NullHandler``, so "Rate limit storage unreachable - falling back to in-memory storage" (Redis
down) reached no one, while records of loggers without any handler went to Python's bare
last-resort output without time or origin.
"""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"


def send_warnings_to_stderr() -> None:
    """Warnings and errors of every logger to standard error (the process manager's log),
    with time, process and logger; nothing changes where logging is configured already."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
