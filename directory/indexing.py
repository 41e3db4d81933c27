"""The one bridge between the database and search/ (ARCHITECTURE: a write, end to end).

Services call ``listing_changed(listing)`` (or ``listing_deleted``) before their commit; any
other listing insert, edit or delete the session flushes is noticed too. Just before the commit
the search document is built from the listing as it stands then, and a ``SearchChange`` row is
added to the same transaction, so a rollback leaves neither rows nor documents. After the commit,
``apply_pending()`` moves committed rows into this process's index with a short lock wait; a
busy or broken index leaves them pending for the next write or ``flask search sync``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session

from directory.extensions import db
from directory.models import Listing, SearchChange
from directory.search_documents import build_all_documents, listing_document
from search import IndexBusy, IndexUnavailable, SearchDocument, SearchIndex

__all__ = [  # build_all_documents and listing_document live in search_documents
    "apply_pending", "build_all_documents", "current_seq", "defer_applying", "documents_written",
    "get_index", "index_stats", "init_app", "listing_changed", "listing_deleted",
    "listing_document", "pending_changes", "pending_count", "rating_prior_mean",
]  # fmt: skip
log = logging.getLogger(__name__)

APPLY_BATCH = 1000  # change-log rows per index commit
# A hole in the seq numbers may be a transaction still committing (PostgreSQL hands out seqs
# before commit); rows after a hole wait this long before the hole is taken as a rollback.
GAP_GRACE = timedelta(seconds=10)
PRIOR_TTL = 300.0  # seconds the mean rating is reused
DEFAULT_PRIOR = 4.0  # the mean rating assumed before any review exists
EXTENSION = "needlewise.search"
_CHANGED, _DELETED, _WROTE = "search.changed", "search.deleted", "search.wrote"
_DOCUMENTS = "search.documents"

_indexes: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
_indexes_lock = threading.Lock()
_listening = False


class _AppState:
    """Per-app search state: its SearchIndex (per process) and the cached mean rating."""

    def __init__(self) -> None:
        self.index: SearchIndex | None = None
        self.pid = 0
        self.prior: float | None = None
        self.prior_at = 0.0
        # True while a bulk import's helper process applies the change log (bulk_indexing):
        # commits then leave their rows to it instead of applying them one batch at a time.
        self.deferred = False


# -- wiring --------------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Give ``app`` its search state and listen to the session's transaction events once."""
    global _listening
    app.extensions[EXTENSION] = _AppState()
    if not _listening:
        event.listen(db.session, "before_flush", _notice_listings)
        event.listen(db.session, "before_commit", _write_change_rows)
        event.listen(db.session, "after_commit", _apply_after_commit)
        event.listen(db.session, "after_transaction_end", _forget_after_transaction)
        _listening = True


def _state(app: Flask | None = None) -> _AppState:
    app = app or current_app
    return app.extensions[EXTENSION]


def defer_applying(app: Flask, deferred: bool) -> None:
    """While ``deferred``, this process's commits leave their change rows pending for another
    process to apply (``bulk_indexing``'s helper) instead of applying them themselves."""
    _state(app).deferred = deferred


def get_index(app: Flask | None = None) -> SearchIndex:
    """This process's ``SearchIndex`` for the app's index directory (one per process and dir)."""
    # current_app is a werkzeug proxy that Flask types as Flask itself
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    state = _state(app)
    pid = os.getpid()
    if state.index is None or state.pid != pid:  # a forked worker opens its own
        key = (pid, os.path.realpath(app.config["SEARCH_INDEX_DIR"]))
        with _indexes_lock:
            index = _indexes.get(key)
            if index is None:
                index = SearchIndex(key[1], lock_wait=float(app.config["SEARCH_LOCK_WAIT"]))
                _indexes[key] = index
        state.index, state.pid = index, pid
    return state.index


# -- the change log ------------------------------------------------------------------------


def listing_changed(listing: Listing) -> None:
    """Record the listing's new searchable state in the change log (same transaction).

    The document is built just before the commit, so later edits in the same transaction are
    included; the row is written in that transaction and nothing happens on rollback."""
    _remember(db.session(), listing)


def listing_deleted(listing_id: int) -> None:
    """Record the listing's removal from search in the change log (same transaction)."""
    db.session().info.setdefault(_DELETED, set()).add(int(listing_id))


def documents_written(documents: Iterable[SearchDocument]) -> None:
    """Record listings written without ORM objects (a bulk import's new listings) by their
    documents, built from the values inserted: change rows in the same transaction."""
    db.session().info.setdefault(_DOCUMENTS, []).extend(documents)


def _remember(session: Session, listing: Listing) -> None:
    session.info.setdefault(_CHANGED, {})[id(listing)] = listing


def _notice_listings(session: Session, _context, _instances) -> None:
    """before_flush: any listing inserted, edited or deleted changes what search shows."""
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Listing):
            _remember(session, obj)
    for obj in session.dirty:
        if isinstance(obj, Listing) and session.is_modified(obj):
            _remember(session, obj)


def _write_change_rows(session: Session) -> None:
    """before_commit: one change row per listing touched, built from its state right now."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # assigns ids and lets _notice_listings see the last edits
    changed = session.info.pop(_CHANGED, {})
    deleted = session.info.pop(_DELETED, set())
    rows = []
    for listing in changed.values():
        state = inspect(listing)
        if state.identity is None or state.detached:
            continue  # never written, or no longer ours to describe
        if state.deleted or state.was_deleted or listing.hidden_at is not None:
            deleted.add(state.identity[0])  # a hidden listing leaves search like a deleted one
        elif listing.id not in deleted:
            document = json.dumps(listing_document(listing), separators=(",", ":"))
            rows.append({"listing_id": listing.id, "op": "upsert", "document": document})
    for doc in session.info.pop(_DOCUMENTS, ()):
        if doc["id"] not in deleted:
            document = json.dumps(doc, separators=(",", ":"))
            rows.append({"listing_id": doc["id"], "op": "upsert", "document": document})
    for listing_id in sorted(deleted):
        document = json.dumps({"id": listing_id})
        rows.append({"listing_id": listing_id, "op": "delete", "document": document})
    if rows:
        # Rows, not objects: nothing reads them back in this session, and an import commits
        # a thousand at a time.
        session.execute(insert(SearchChange), rows)
        session.info[_WROTE] = True


def _apply_after_commit(session: Session) -> None:
    """after_commit: committed rows go to the index now; never fail the finished commit."""
    if not session.info.pop(_WROTE, False) or not has_app_context():
        return
    try:
        state = _state()
        state.prior = None  # ratings may have moved
        if not state.deferred:
            apply_pending()
    except Exception:  # the data is safely committed; the rows stay pending
        log.exception("applying search changes after commit failed")


def _forget_after_transaction(session: Session, transaction) -> None:
    """A rolled back or closed transaction takes its unwritten marks with it."""
    if transaction.parent is None:
        for key in (_CHANGED, _DELETED, _WROTE, _DOCUMENTS):
            session.info.pop(key, None)


# -- applying ------------------------------------------------------------------------------


def pending_changes(after_seq: int, limit: int = APPLY_BATCH) -> list[tuple[int, str, dict]]:
    """Committed change rows after ``after_seq`` in seq order, stopping at a fresh hole."""
    query = (
        select(SearchChange.seq, SearchChange.op, SearchChange.document, SearchChange.created_at)
        .where(SearchChange.seq > after_seq)
        .order_by(SearchChange.seq)
        .limit(limit)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(query).all()
    now = datetime.now(UTC)
    changes, expected = [], after_seq + 1
    for seq, op, document, created_at in rows:
        if seq != expected and now - _aware(created_at) < GAP_GRACE:
            break  # an earlier seq may still be committing; wait for it
        changes.append((seq, op, json.loads(document) if document else {}))
        expected = seq + 1
    return changes


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value  # SQLite: naive UTC


def apply_pending(
    app: Flask | None = None, batch: int = APPLY_BATCH, merge: bool = True, fresh: bool = False
) -> int:
    """Apply pending change-log rows to this process's index; returns how many were applied.

    Up to ``batch`` rows per index commit (``merge`` as in ``SearchIndex.apply``); ``fresh``
    as in ``SearchIndex.last_seq`` (after another process has applied rows). A busy index
    (another writer holds the lock) or a missing/corrupt one leaves the rows pending: the next
    write, ``flask search sync`` or ``flask search reindex`` catches up."""
    index = get_index(app)
    applied = 0
    try:
        last = index.last_seq(fresh)
        while True:
            changes = pending_changes(last, batch)
            if not changes:
                return applied
            last = index.apply(changes, merge)  # the seq it wrote: no need to read it again
            applied += len(changes)
            if len(changes) < batch:
                return applied
    except (IndexBusy, IndexUnavailable) as exc:
        log.warning("search index not updated, changes stay pending: %s", exc)
        return applied


def current_seq() -> int:
    """The newest seq in the change log (0 when empty)."""
    return int(db.session.scalar(select(func.max(SearchChange.seq))) or 0)


def pending_count(index: SearchIndex) -> int:
    """How many change rows the index has not applied yet."""
    query = (
        select(func.count()).select_from(SearchChange).where(SearchChange.seq > index.last_seq())
    )
    return int(db.session.scalar(query) or 0)


def index_stats(app: Flask | None = None) -> dict[str, int]:
    """``{"documents": N, "pending": M}`` for /healthz; IndexUnavailable when it is broken."""
    index = get_index(app)
    return {"documents": index.doc_count(), "pending": pending_count(index)}


def rating_prior_mean(app: Flask | None = None) -> float:
    """Mean rating across all published reviews (the ``m`` of the Bayesian average).

    One aggregate query over the listings' denormalised sums, reused for PRIOR_TTL seconds
    and refreshed after this process commits a listing change, so searches never query."""
    state = _state(app)
    now = time.monotonic()
    if state.prior is None or now - state.prior_at > PRIOR_TTL:
        query = select(func.sum(Listing.rating_sum), func.sum(Listing.rating_count))
        with db.engine.connect() as conn:
            total, count = conn.execute(query).one()
        state.prior = round(float(total) / int(count), 4) if count else DEFAULT_PRIOR
        state.prior_at = now
    return state.prior
