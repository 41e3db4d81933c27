"""Writing documents: a full build of a new generation, and batches of change-log entries.

The last applied change-log seq lives in a special meta document, written in the same Whoosh
commit as the documents it covers: after a crash the index and its seq always agree.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from search.errors import DocumentError, IndexUnavailable
from search.model import SearchDocument
from search.schema import META_ID, SCHEMA_VERSION, check_document, index_fields, meta_fields
from search.store import REINDEX_HINT, open_writer
from search.whoosh_internals import ArrayBlockCodec, BulkSegmentWriter

PROGRESS_EVERY = 500
CHUNK_PER_PROCESS = 12_500  # listings per segment written by one process during a rebuild
# Fewest listings worth a writer process of its own: below this, starting the process and
# merging its postings cost more than the second core saves.
MIN_PER_PROCESS = 2_000
# Postings per block of Whoosh's W3 codec (its default is 128). search/ reads a term's whole
# posting list into numpy a block at a time, so the per-block cost (header, zlib, unpickling)
# dominated long lists: the 30 commonest bio terms of 50,000 listings decoded in 256 ms with
# 128-posting blocks and in 90 ms with 1,024. Reading needs nothing: each segment records the
# codec it was written with.
BLOCK_POSTINGS = 1024


def _codec() -> ArrayBlockCodec:
    return ArrayBlockCodec(blocklimit=BLOCK_POSTINGS)


def read_meta(searcher) -> dict:
    """The meta row of an index; IndexUnavailable when absent or from another schema."""
    docnum = searcher.document_number(id=META_ID)
    if docnum is None:
        raise IndexUnavailable(f"The search index has no metadata: {REINDEX_HINT}.")
    row = searcher.stored_fields(docnum).get("row") or {}
    if row.get("schema_version") != SCHEMA_VERSION:
        raise IndexUnavailable(
            f"The search index was built by another version of Needlewise "
            f"(schema {row.get('schema_version')}, expected {SCHEMA_VERSION}): {REINDEX_HINT}."
        )
    return row


def _writer(ix, timeout: float = 0.0, **kwargs: Any) -> BulkSegmentWriter:
    """Every writer of the index, for builds and change batches alike."""
    # compound=False: Whoosh copies compound segment files into memory when reading them.
    return open_writer(ix, timeout, compound=False, codec=_codec(), **kwargs)


def build_generation(
    ix,
    documents: Iterable[SearchDocument],
    last_seq: int,
    progress: Callable[[int], None] | None = None,
    procs: int = 1,
) -> int:
    """Write every document and the meta document into an empty index; returns the count.

    Documents are written in chunks of up to ``CHUNK_PER_PROCESS`` per writer process, one
    segment each (a smaller chunk is split over as many processes as have ``MIN_PER_PROCESS``
    listings each, so two cores help at 10,000 listings too). Segments are not merged (the
    search arrays span segments).
    """
    procs = max(1, procs)
    docs = iter(documents)
    count, max_id = 0, 0  # an empty index knows it holds no listing
    while True:
        chunk = list(islice(docs, CHUNK_PER_PROCESS * procs))
        last = len(chunk) < CHUNK_PER_PROCESS * procs
        for doc in chunk:
            check_document(doc)
            max_id = max(int(doc["id"]), max_id)
        meta = meta_fields(last_seq, max_id) if last else None
        writer = _writer(ix)
        try:
            _write_parts(
                writer, ix, _split(chunk, _part_count(len(chunk), procs)),
                _offset(progress, count), _adding(meta),
            )  # fmt: skip
        except BaseException:
            writer.cancel()
            raise
        count += len(chunk)
        if last:
            return count


def _adding(meta: dict[str, Any] | None) -> Callable[[BulkSegmentWriter], None]:
    """What a build's writer adds after its documents: the meta document, on the last chunk."""

    def add(writer: BulkSegmentWriter) -> None:
        if meta is not None:
            writer.add_document(**meta)

    return add


def _ignore(_done: int) -> None:
    """Progress nobody follows."""


def _offset(progress: Callable[[int], None] | None, before: int) -> Callable[[int], None]:
    return lambda done: None if progress is None else progress(before + done)


def _split(chunk: list[SearchDocument], parts: int) -> list[list[SearchDocument]]:
    size = -(-len(chunk) // parts) if chunk else 0
    return [chunk[i * size : (i + 1) * size] for i in range(parts)] if size else [[]]


def _part_count(documents: int, procs: int) -> int:
    """How many writer processes ``documents`` are worth (each at least MIN_PER_PROCESS)."""
    return min(max(1, procs), max(1, documents // MIN_PER_PROCESS))


def _write_parts(
    writer: BulkSegmentWriter, ix, parts: list[list[SearchDocument]],
    progress: Callable[[int], Any], last: Callable[[BulkSegmentWriter], Any],
) -> None:  # fmt: skip
    """One commit of one segment per part: the first written by ``writer``, which then gets
    ``last`` (the meta document), the others by forked processes (they inherit their
    documents, so nothing is pickled on the way in). The caller cancels ``writer`` on error."""
    context = multiprocessing.get_context("fork")
    written = context.Value("q", 0)
    helpers: list[tuple[Any, Any]] = []
    try:
        helpers.extend(_start_part(context, ix, part, written) for part in parts[1:])
        _add_all(writer, parts[0], written, lambda: progress(written.value))
        last(writer)
        if helpers:
            writer.finish_own_segment()
        segments = [_finished_part(*helper) for helper in helpers]
        writer.commit_with(segments)
    except BaseException:
        for process, _pipe in helpers:
            process.kill()
            process.join()
        raise
    progress(written.value)


def _add_all(writer, docs: list[SearchDocument], written, report: Callable[[], Any]) -> None:
    """Add ``docs`` to ``writer``, counting them into the shared ``written`` as it goes."""
    reported = 0
    for done, doc in enumerate(docs, 1):
        writer.add_document(**index_fields(doc))
        if done % PROGRESS_EVERY == 0 or done == len(docs):
            with written.get_lock():
                written.value += done - reported
            reported = done
            report()


def _start_part(context, ix, docs: list[SearchDocument], written):
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_write_part, args=(ix, docs, written, send),
                              name="needlewise-index-writer")  # fmt: skip
    process.start()
    send.close()
    return process, receive


def _write_part(ix, docs: list[SearchDocument], written, send) -> None:
    """A writer process: one segment of ``docs``, sent back unfinished for the parent to commit."""
    try:
        # No cancel() on failure: it would remove the temporary files the parent is writing;
        # the parent's failed rebuild discards the whole build directory instead.
        writer = _writer(ix, _lk=False)
        _add_all(writer, docs, written, lambda: None)
        send.send(("ok", writer.finish_segment()))
    except BaseException as exc:  # reported to the parent, which raises it
        try:
            send.send(("error", exc))
        except Exception:  # an exception that cannot be pickled: its text, then
            send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
        os._exit(0)  # the parent's exit handlers and open files are not the child's


def _finished_part(process, receive):
    try:
        status, value = receive.recv()
    except EOFError:
        status, value = "error", f"the writer process ended with code {process.exitcode}"
    process.join()
    if status == "ok":
        return value
    if isinstance(value, BaseException):
        raise value
    raise IndexUnavailable(f"A search index writer process failed: {value}.")


def _listing_id(document: Any) -> int:
    if isinstance(document, dict) and "id" in document:
        return int(document["id"])
    if isinstance(document, int) and not isinstance(document, bool):
        return document
    raise DocumentError("A change needs the listing id: a document dict with 'id', or the id.")


def apply_changes(
    ix,
    changes: Sequence[tuple[int, str, Any]],
    lock_wait: float,
    merge: bool = True,
    procs: int = 1,
) -> int:
    """Apply (seq, "upsert"|"delete", document) entries newer than the index's seq.

    One commit writes the documents and the new last seq together. For "delete", the third
    item is the deleted listing's document, ``{"id": N}``, or the id itself. A listing changed
    more than once in the batch ends as its last change says. ``merge=False`` writes the batch
    as a segment of its own without merging small segments into it: for the large batches of
    a bulk import, where merging rewrites postings already written once. ``procs`` > 1 writes
    the documents of a large batch in that many processes, a segment each (never merged).
    """
    writer = _writer(ix, lock_wait)
    try:
        with writer.searcher() as searcher:
            meta = read_meta(searcher)
        last = int(meta["last_seq"])
        final, newest = _final_states(changes, last)
        if newest == last:
            writer.cancel()
            return last
        known_max = meta.get("max_listing_id")
        for listing_id in final:
            # A listing above every id the index has held cannot be in it: no look-up needed
            # (a bulk import of new listings would otherwise search every segment per listing).
            if known_max is None or listing_id <= known_max:
                writer.delete_by_term("id", str(listing_id))
        documents = [document for document in final.values() if document is not None]
        if known_max is not None and final:
            known_max = max(known_max, max(final))
        meta = meta_fields(newest, known_max)
        parts = _part_count(len(documents), procs)
        if parts > 1:
            _write_parts(writer, ix, _split(documents, parts), _ignore,
                         lambda w: w.update_document(**meta))  # fmt: skip
            return newest
        for document in documents:
            writer.add_document(**index_fields(document))
        writer.update_document(**meta)
        writer.commit(merge=merge)
        return newest
    except BaseException:
        writer.cancel()
        raise


def _final_states(
    changes: Sequence[tuple[int, str, Any]], last: int
) -> tuple[dict[int, SearchDocument | None], int]:
    """Listing id -> its document after the changes newer than ``last`` (None: deleted), in
    the order of each listing's last change, and the newest seq. Whoosh cannot replace a
    document added in the same commit, so a listing changed twice must be written once."""
    final: dict[int, SearchDocument | None] = {}
    newest = last
    for seq, operation, document in changes:
        if seq <= newest:
            continue
        if operation == "upsert":
            check_document(document)
            state = document
        elif operation == "delete":
            state = None
        else:
            raise DocumentError(f"Unknown change operation {operation!r}.")
        listing_id = _listing_id(document)
        final.pop(listing_id, None)
        final[listing_id] = state
        newest = seq
    return final, newest
