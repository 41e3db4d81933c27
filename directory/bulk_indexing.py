"""Keeping the search index current during a bulk import, on a second core.

An import commits a batch of listings (and their change-log rows) every thousand lines. Applied
by the importing process after each commit, the index upkeep doubled the import's time: the
database writes and the index writes each need a core's worth of Python. Inside
``applied_alongside()`` a helper process, forked from the importer, applies the committed rows
while the importer goes on writing, in large batches that each become one segment (no merging
of postings written moments before). The change log stays the only channel between them, so a
crash of either loses nothing: what the helper has not applied stays pending for the next
write, ``flask search sync`` or ``flask search reindex``. When the block ends the helper drains
what is left and exits, so the index is current when the import returns; the importer's core
is free by then, so the backlog is written by two processes, a segment each.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event

from flask import Flask, current_app

from directory import indexing
from directory.extensions import db
from search import IndexBusy, IndexUnavailable

log = logging.getLogger(__name__)

# Inputs smaller than this are imported the ordinary way: the helper costs a fork and a
# segment of its own, which a few hundred lines do not repay.
MIN_BYTES = 4 * 1024 * 1024
SEGMENT_ROWS = 10_000  # most change rows per helper segment (a rebuild writes 12,500 a segment)
DRAIN_PROCS = 2  # writer processes for the backlog left when the import ends
MIN_SEGMENT_ROWS = 2_000  # fewer pending rows wait for more, unless the import has ended
POLL_SECONDS = 0.2
STOP_WAIT_SECONDS = 3600.0  # a million-listing import may leave a long backlog to drain


@contextmanager
def applied_alongside(size_bytes: int) -> Iterator[None]:
    """Run the block (a bulk import) with the index kept current by a helper process.

    Falls back to the ordinary per-commit upkeep for small inputs (``size_bytes`` below
    ``MIN_BYTES``; 0 for a pipe of unknown length) and when there is no index to keep."""
    # current_app is a werkzeug proxy that Flask types as Flask itself
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if size_bytes < MIN_BYTES or not indexing.get_index(app).exists():
        yield
        return
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    helper = context.Process(target=_follow, args=(app, stop), name="needlewise-indexer")
    db.session.remove()  # the child must not inherit a connection in use
    helper.start()
    indexing.defer_applying(app, True)
    try:
        yield
    finally:
        indexing.defer_applying(app, False)
        stop.set()
        helper.join(STOP_WAIT_SECONDS)
        if helper.is_alive():  # never hold the import hostage: what is left stays pending
            helper.terminate()
            helper.join()
        # The last rows, and any the helper could not apply. Read the index's own last seq:
        # this process last looked before the helper wrote, and would apply it all again.
        indexing.apply_pending(app, fresh=True)


def _follow(app: Flask, stop: Event) -> None:
    """The helper: apply committed rows in large batches until stopped and drained."""
    db.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
    with app.app_context():
        try:
            while True:
                # Read once per round: a stop that comes while a round waits for rows must
                # still be followed by a draining round, or the rows are left to the importer.
                draining = stop.is_set()
                applied = _apply_some(draining)
                db.session.remove()
                if draining and not applied:
                    break
        except IndexUnavailable as error:  # no index to keep: the rows stay pending
            log.warning("bulk indexer stopped, changes stay pending: %s", error)
        except Exception:
            log.exception("bulk indexer failed; changes stay pending")
    os._exit(0)  # skip the parent's exit handlers (they belong to the importer)


def _apply_some(draining: bool) -> bool:
    """Apply one batch if enough rows are pending (any, when draining); whether it did."""
    index = indexing.get_index()
    last = index.last_seq()
    if not draining and indexing.current_seq() - last < MIN_SEGMENT_ROWS:
        time.sleep(POLL_SECONDS)
        return False
    # Once the import has ended its core is free: the rest is written by two processes.
    procs = DRAIN_PROCS if draining else 1
    changes = indexing.pending_changes(last, SEGMENT_ROWS * procs)
    if not changes:
        if not draining:
            time.sleep(POLL_SECONDS)
        return False
    try:
        index.apply(changes, merge=False, procs=procs)
    except IndexBusy:  # a web node is applying its own write: try again shortly
        time.sleep(POLL_SECONDS)
    return True
