"""``SearchIndex``: the one object the app holds per process and index path.

It keeps one searcher (wrapped in a ``Generation``) for all threads and swaps in a new one
when the index changes: at most every ``CHECK_INTERVAL`` seconds it compares the generation
pointer and Whoosh's generation; a new searcher is warmed (arrays loaded, a query run) before it
replaces the old one, so no request pays for opening files or reading postings.
"""

from __future__ import annotations

import contextlib
import pickle
import struct
import threading
import time
import weakref
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search import query as query_module
from search import suggest as suggest_module
from search.changes import apply_changes, build_generation, read_meta
from search.errors import DocumentError, IndexBusy, IndexUnavailable
from search.generation import Generation, SegmentRegistry
from search.model import ResultPage, SearchDocument, SearchQuery
from search.schema import NUMBER_FIELDS, TEXT_FIELDS
from search.store import REINDEX_HINT, GenerationUse, Store

CHECK_INTERVAL = 0.25  # seconds between checks for a newer index generation
REFRESH_ATTEMPTS = 3
STORAGE_ERRORS = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)
# Opening a fresh reader while another process commits and merges: a segment whose files the
# merge just removed may also come back without its stored-fields column, and Whoosh then
# fails with a TypeError (a column reader that is None). Seen in the fault run: it killed a
# node's index follower and answered one search with a 500.
OPEN_RACE_ERRORS = (*STORAGE_ERRORS, TypeError)


@dataclass
class _State:
    ix: Any
    gen: Generation
    stamp: tuple[int, int] | None
    meta: dict
    checked: float
    name: str  # the generation directory
    marker: Path | None  # this object's reader marker on it (see search.store)


class SearchIndex:
    """Search, suggest and maintain the index stored at ``path``."""

    def __init__(self, path: str, lock_wait: float = 0.5) -> None:
        self.path = str(path)
        self.lock_wait = lock_wait
        self._store = Store(path)
        self._registry = SegmentRegistry()
        self._state: _State | None = None
        self._refresh_lock = threading.Lock()
        self._retired: list[weakref.finalize] = []  # old searchers still in use

    # -- reading ---------------------------------------------------------------------------

    def _generation(self) -> Generation:
        return self._current().gen

    def _current(self) -> _State:
        state = self._state
        if state is not None and time.monotonic() - state.checked < CHECK_INTERVAL:
            return state
        if not self._refresh_lock.acquire(blocking=state is None):
            assert state is not None  # a blocking acquire never fails
            return state  # another thread is refreshing; keep serving the current generation
        try:
            return self._refresh()
        finally:
            self._refresh_lock.release()

    def _refresh(self) -> _State:
        state = self._state
        failure: BaseException | None = None
        for attempt in range(REFRESH_ATTEMPTS):
            stamp = self._store.pointer_stamp()
            try:
                if state is not None and stamp == state.stamp:
                    if state.gen.searcher.up_to_date():
                        state.checked = time.monotonic()
                        return state
                    ix, name = state.ix, state.name
                else:
                    name, ix = self._store.open_named()
                searcher = ix.searcher()
                meta = read_meta(searcher)
                gen = Generation(searcher, self._registry)
                self._warm(gen)
                break
            except IndexUnavailable:
                self._state = None
                raise
            except OPEN_RACE_ERRORS as exc:  # a commit may remove files while we open them
                failure = exc
                time.sleep(0.02 * (attempt + 1))
        else:
            self._state = None
            name = type(failure).__name__
            raise IndexUnavailable(
                f"The search index could not be read ({name}): {REINDEX_HINT}."
            ) from failure
        same = state is not None and state.name == name
        marker = state.marker if state is not None and same else self._mark(name)
        self._state = _State(ix, gen, stamp, meta, time.monotonic(), name, marker)
        self._registry.keep_only(gen.segment_ids)
        if state is not None:
            self._retire(state.gen, None if same else state.marker)
        return self._state

    def _warm(self, gen: Generation) -> None:
        """Load what every query needs before the gen serves requests."""
        for name in NUMBER_FIELDS:
            gen.column(name)
        for field in TEXT_FIELDS:
            gen.avg_length(field)
        query_module.run(gen, SearchQuery(text="microneedling", per_page=1))

    def _mark(self, name: str) -> Path | None:
        try:
            return self._store.mark_reader(name)
        except OSError:  # a read-only index directory: nothing can be removed under us either
            return None

    def _release(self, searcher, marker: Path | None) -> None:
        """Close an old searcher; the last reader of an old generation removes it."""
        searcher.close()
        if marker is not None:
            self._store.unmark(marker)
            # Tidying is best effort: `flask search check` reports and removes what is left.
            with contextlib.suppress(OSError):
                self._store.remove_old()

    def _retire(self, gen: Generation, marker: Path | None) -> None:
        """Close a replaced generation's searcher as soon as no request uses it any more.

        Requests hold the ``Generation`` they started on; when the last one lets go, its
        searcher closes. Each open searcher holds about 1.5 MB and 47 files at 100,000
        listings: kept for a fixed 30 s, two writes a second grew a worker by 90 MB."""
        self._retired = [f for f in self._retired if f.alive]
        self._retired.append(weakref.finalize(gen, self._release_quietly, gen.searcher, marker))

    def _release_quietly(self, searcher, marker: Path | None) -> None:
        # Runs wherever the last reference goes (a request's end, a garbage collection):
        # never raise there; an old searcher left open only costs memory until exit.
        with contextlib.suppress(*STORAGE_ERRORS):
            self._release(searcher, marker)

    def exists(self) -> bool:
        """True when a usable index (current schema) is at ``path``."""
        try:
            self._current()
        except IndexUnavailable:
            return False
        return True

    def last_seq(self, fresh: bool = False) -> int:
        """The last change-log seq applied to the index (0 for a new index).

        Read from the index's meta document without swapping in (and warming) a new searcher
        when the current one is stale: a writer asks this after every batch it applies, and
        warming a 100,000-listing generation per batch made imports with the index present
        crawl. Searches still swap the new generation in on their own schedule. ``fresh``
        reads the index even when this process checked it less than ``CHECK_INTERVAL`` ago,
        for a caller that knows another process has just written it."""
        state = self._state
        if not fresh and state is not None and time.monotonic() - state.checked < CHECK_INTERVAL:
            return int(state.meta.get("last_seq", 0))
        try:
            with self._store.open().searcher() as searcher:
                return int(read_meta(searcher).get("last_seq", 0))
        except OPEN_RACE_ERRORS:  # a commit removed files as we opened them: the careful way
            return int(self._current().meta.get("last_seq", 0))

    def doc_count(self) -> int:
        """Number of listings in the index."""
        return self._generation().count

    def versions(self) -> dict[int, str]:
        """Listing id -> document version, for drift checks against the database."""
        gen = self._generation()
        out = {}
        for docnum in gen.live.nonzero()[0]:
            row = gen.row(int(docnum))
            out[int(row["id"])] = str(row.get("version") or "")
        return out

    def search(self, query: SearchQuery) -> ResultPage:
        """One page of results; QueryError for invalid parameters, IndexUnavailable if broken."""
        try:
            return query_module.run(self._generation(), query)
        except STORAGE_ERRORS:
            # An old generation whose files a merge removed: search the current one once more.
            self._expire()
        try:
            return query_module.run(self._generation(), query)
        except STORAGE_ERRORS as exc:
            self._expire()
            raise IndexUnavailable(f"The search index could not be read: {REINDEX_HINT}.") from exc

    def generations(self) -> list[GenerationUse]:
        """Every generation directory on disk with its role, size and running readers."""
        return self._store.generations()

    def remove_old_generations(self) -> list[str]:
        """Remove the old generations nobody reads any more (see search.store); their names."""
        return self._store.remove_old()

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Autocomplete entries: concepts, places and practitioners matching ``prefix``."""
        return suggest_module.suggest(self._generation(), prefix, limit)

    # -- writing ---------------------------------------------------------------------------

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        last_seq: int,
        progress: Callable[[int], None] | None = None,
        procs: int = 1,
    ) -> int:
        """Build a new generation from ``documents`` and swap it in atomically; the count."""
        build_dir, ix = self._store.new_build()
        try:
            count = build_generation(ix, documents, last_seq, progress, procs)
        except BaseException:
            self._store.discard_build(build_dir)
            raise
        self._store.swap_in(build_dir)
        self._expire()
        return count

    def apply(
        self, changes: Sequence[tuple[int, str, Any]], merge: bool = True, procs: int = 1
    ) -> int:
        """Apply change-log entries newer than ``last_seq()`` in one commit; the new last seq.

        An upsert carries a ``SearchDocument``; a delete the listing id or ``{"id": N}``.
        DocumentError (nothing written) for a malformed entry. ``merge=False`` for a large
        batch: it becomes a segment of its own and small segments are left for a later commit.
        ``procs`` > 1 splits a large batch's documents over that many writer processes.
        """
        try:
            ix = self._store.open()
            seq = apply_changes(ix, changes, self.lock_wait, merge, procs)
        except (IndexBusy, IndexUnavailable, DocumentError):
            raise
        except STORAGE_ERRORS as exc:
            message = f"The search index could not be written: {REINDEX_HINT}."
            raise IndexUnavailable(message) from exc
        self._expire()
        return seq

    def _expire(self) -> None:
        state = self._state
        if state is not None:
            state.checked = 0.0

    def close(self) -> None:
        """Release the searcher and open files."""
        with self._refresh_lock:
            if self._state is not None:
                self._release(self._state.gen.searcher, self._state.marker)
                self._state = None
            for finalizer in self._retired:
                finalizer()  # each closes its searcher once
            self._retired = []
