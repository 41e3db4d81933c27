"""Writing documents: a full build of a new generation, and batches of change-log entries.

The last applied change-log seq lives in a special meta document, written in the same Whoosh
commit as the documents it covers: after a crash the index and its seq always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from search.errors import DocumentError, IndexUnavailable
from search.model import SearchDocument
from search.schema import META_ID, SCHEMA_VERSION, index_fields, meta_fields
from search.store import REINDEX_HINT, open_writer
from search.whoosh_internals import ArrayBlockCodec

PROGRESS_EVERY = 500
CHUNK_PER_PROCESS = 12_500  # listings per segment written by one process during a rebuild
# Fewest listings worth a writer process of its own: below this, starting the process and
# merging its postings cost more than the second core saves.
MIN_PER_PROCESS = 2_000
BUILD_MB = 512  # a writer's memory estimate before it spills postings (a chunk needs ~360)
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


def _writer(ix, procs: int):
    # compound=False: Whoosh copies compound segment files into memory when reading them.
    if procs > 1:
        return ix.writer(procs=procs, multisegment=True, batchsize=256, limitmb=BUILD_MB,
                         compound=False, codec=_codec())  # fmt: skip
    return ix.writer(limitmb=BUILD_MB, compound=False, codec=_codec())


def build_generation(
    ix,
    documents: Iterable[SearchDocument],
    last_seq: int,
    progress: Callable[[int], None] | None = None,
    procs: int = 1,
) -> int:
    """Write every document and the meta document into an empty index; returns the count.

    Documents are committed in chunks of up to ``CHUNK_PER_PROCESS`` per writer process, one
    segment each (a smaller chunk is split over as many processes as have ``MIN_PER_PROCESS``
    listings each): a writer sorts its postings in memory (about 400 MB for a chunk) instead of
    spilling them to disk, which made a single 100,000-listing segment cost twice as much CPU
    per listing. Segments are not merged (the search arrays span segments).
    """
    procs = max(1, procs)
    docs = iter(documents)
    count = 0
    while True:
        chunk = list(islice(docs, CHUNK_PER_PROCESS * procs))
        last = len(chunk) < CHUNK_PER_PROCESS * procs
        # A chunk smaller than procs full segments is shared out evenly, so --procs 2 uses
        # both cores at 10,000 listings too.
        writer = _writer(ix, min(procs, max(1, len(chunk) // MIN_PER_PROCESS)))
        try:
            for doc in chunk:
                writer.add_document(**index_fields(doc))
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
            if last:
                writer.add_document(**meta_fields(last_seq))
            writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
        if last:
            break
    if progress is not None and count % PROGRESS_EVERY:
        progress(count)
    return count


def _listing_id(document: Any) -> str:
    if isinstance(document, dict) and "id" in document:
        return str(int(document["id"]))
    if isinstance(document, int) and not isinstance(document, bool):
        return str(document)
    raise DocumentError("A change needs the listing id: a document dict with 'id', or the id.")


def apply_changes(
    ix, changes: Sequence[tuple[int, str, Any]], lock_wait: float, merge: bool = True
) -> int:
    """Apply (seq, "upsert"|"delete", document) entries newer than the index's seq.

    One commit writes the documents and the new last seq together. For "delete", the third
    item is the deleted listing's document, ``{"id": N}``, or the id itself. ``merge=False``
    writes the batch as a segment of its own without merging small segments into it: for the
    large batches of a bulk import, where merging rewrites postings already written once.
    """
    # limitmb as for a rebuild: a bulk import's 10,000-listing batch then sorts its postings
    # in memory instead of pickling sorted runs to disk and merging them back (a third of the
    # time); a web request's batch of one never comes near the limit.
    writer = open_writer(ix, lock_wait, compound=False, limitmb=BUILD_MB, codec=_codec())
    try:
        with writer.searcher() as searcher:
            last = int(read_meta(searcher)["last_seq"])
        newest = last
        for seq, operation, document in changes:
            if seq <= newest:
                continue
            if operation == "upsert":
                writer.update_document(**index_fields(document))
            elif operation == "delete":
                writer.delete_by_term("id", _listing_id(document))
            else:
                raise DocumentError(f"Unknown change operation {operation!r}.")
            newest = seq
        if newest == last:
            writer.cancel()
            return last
        writer.update_document(**meta_fields(newest))
        writer.commit(merge=merge)
        return newest
    except BaseException:
        writer.cancel()
        raise
