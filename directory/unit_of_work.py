"""One unit of work: how a write is committed or discarded, and what runs after the commit.

Write services are decorated with ``@transactional``: the outermost one commits when it
returns and rolls back when it raises, so a ``ServiceError`` (or any error) leaves nothing
half-written and a view only catches the error and renders it. Everything that must happen
after a commit hangs off the session's transaction events, so a rollback discards it:

- search: ``indexing`` writes the change-log rows before the commit and applies them after it;
- mail: every outbox row a transaction writes is noted as it is flushed; once the commit has
  made it durable, ``commit()`` hands it to delivery (inline, in a background thread, or left
  to the mail worker, by ``MAIL_DELIVERY``); a rollback forgets it with its row.

``commit()`` is the one way code outside ``@transactional`` (commands, a service that must
commit before it returns) commits.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Flask, current_app
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from directory.extensions import db
from directory.models import OutboxMessage
from directory.services import outbox

__all__ = [
    "commit", "has_writes", "init_app", "rollback", "transactional", "wait_for_background_mail",
]  # fmt: skip

P = ParamSpec("P")
R = TypeVar("R")

_DEPTH = "uow.depth"  # how many @transactional calls are running in this session
_WRITTEN = "uow.mail_written"  # outbox rows flushed by the open transaction
_COMMITTED = "uow.mail_committed"  # ids of outbox rows committed and not yet handed over
_WROTE = "uow.wrote"  # the open transaction has sent a write to the database
BACKGROUND_MAIL_DELAY = 0.05  # seconds; lets the answer leave before the mail is sent
_BACKGROUND: set[threading.Thread] = set()
_BACKGROUND_LOCK = threading.Lock()
_listening = False


def init_app(_app: Flask) -> None:
    """Listen to the session's transaction events (once per process)."""
    global _listening
    if not _listening:
        event.listen(db.session, "before_flush", _note_outbox_rows)
        event.listen(db.session, "after_flush", _note_write)
        event.listen(db.session, "do_orm_execute", _note_statement)
        event.listen(db.session, "after_commit", _outbox_rows_committed)
        event.listen(db.session, "after_transaction_end", _forget_uncommitted)
        _listening = True


def transactional(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` as one unit of work: commit when the outermost call returns, roll back
    when it raises. Nested calls join the outer unit (a service calling a service). A call
    that wrote nothing neither commits nor rolls back, so the objects it read stay loaded."""

    @functools.wraps(func)
    def unit(*args: P.args, **kwargs: P.kwargs) -> R:
        session = db.session()
        depth = session.info.get(_DEPTH, 0)
        session.info[_DEPTH] = depth + 1
        try:
            result = func(*args, **kwargs)
        except BaseException:
            if depth == 0 and has_writes(session):
                rollback()
            raise
        finally:
            session.info[_DEPTH] = depth
        if depth == 0 and has_writes(session):
            commit()
        return result

    return unit


def has_writes(session: Session) -> bool:
    """Whether the session's open transaction holds a change to commit or discard."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


def commit(*, mail_in_background: bool = False) -> int:
    """Commit the session, then hand the emails it wrote to delivery. Returns how many emails
    the mail server accepted (inline delivery; a failure stays in the outbox for a retry), or
    how many were handed to the mail worker or the background thread.

    With ``mail_in_background`` inline delivery runs in a separate thread, so the answer does
    not wait for the mail server: a page that emails only existing accounts would otherwise
    answer measurably slower for them and tell who has an account."""
    db.session.commit()
    ids = db.session().info.pop(_COMMITTED, [])
    if not ids or current_app.config["MAIL_DELIVERY"] != "inline":
        return len(ids)  # the mail worker sends them
    if mail_in_background:
        _deliver_in_background(ids)
        return len(ids)
    return outbox.deliver(ids=ids).sent


def rollback() -> None:
    """Discard the session's transaction and everything that was to follow its commit."""
    db.session.rollback()


def _note_outbox_rows(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush: remember each outbox row this transaction writes."""
    rows = [obj for obj in session.new if isinstance(obj, OutboxMessage)]
    if rows:
        session.info.setdefault(_WRITTEN, []).extend(rows)


def _note_write(session: Session, _context: Any) -> None:
    """after_flush: the flush sent this transaction's changes to the database."""
    session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    """do_orm_execute: a bulk INSERT, UPDATE or DELETE writes without a flush."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _outbox_rows_committed(session: Session) -> None:
    """after_commit: the rows are durable; keep their ids for ``commit()`` to hand over."""
    written = session.info.pop(_WRITTEN, [])
    ids = [state.identity[0] for state in map(inspect, written) if state.identity]
    if ids:
        session.info.setdefault(_COMMITTED, []).extend(ids)


def _forget_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    """A rolled back transaction takes its outbox rows (and our notes of them) with it."""
    if transaction.parent is None:
        session.info.pop(_WRITTEN, None)
        session.info.pop(_WROTE, None)


def _deliver_in_background(ids: list[int]) -> None:
    # The thread is not a daemon, so a process that shuts down cleanly still sends what it
    # queued; an email it could not send stays in the outbox for the worker.
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        # Sending competes with the answer for the interpreter; let the answer go first.
        time.sleep(BACKGROUND_MAIL_DELAY)
        try:
            with app.app_context():
                outbox.deliver(ids=ids)
                db.session.remove()
        finally:
            with _BACKGROUND_LOCK:
                _BACKGROUND.discard(threading.current_thread())

    thread = threading.Thread(target=send, name="needlewise-mail")
    with _BACKGROUND_LOCK:
        _BACKGROUND.add(thread)
    thread.start()


def wait_for_background_mail(timeout: float = 30.0) -> None:
    """Wait until emails handed to background delivery have left (tests, commands)."""
    with _BACKGROUND_LOCK:
        threads = list(_BACKGROUND)
    for thread in threads:
        thread.join(timeout)
