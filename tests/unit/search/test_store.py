"""Building, swapping, applying changes, locking, broken indexes, refresh and autocomplete."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search import (
    IndexBusy,
    IndexUnavailable,
    SearchIndex,
    SearchQuery,
    changes,
    store,
    whoosh_internals,
)
from search import index as index_module
from tests.unit.search.documents import make_doc, slugs


def generation_dirs(path: Path) -> list[str]:
    """Generation and build directories (not the reader markers)."""
    return sorted(p.name for p in path.iterdir() if p.is_dir() and p.name != "markers")


def test_rebuild_reports_count_and_seq(build_index):
    index = build_index([make_doc(1, "Ann One"), make_doc(2, "Ben Two")], last_seq=42)
    assert index.exists() and index.doc_count() == 2 and index.last_seq() == 42
    assert index.versions() == {1: "v1", 2: "v1"}


def test_a_new_index_starts_at_seq_zero(build_index):
    assert build_index([]).last_seq() == 0


def test_rebuild_swaps_a_new_generation_in_and_removes_old_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "RETIRED_GRACE_SECONDS", 0.0)  # nobody else reads this index
    index = SearchIndex(str(tmp_path / "ix"))
    index.rebuild([make_doc(1, "Old Name")], last_seq=1)
    first = generation_dirs(tmp_path / "ix")
    index.rebuild([make_doc(1, "New Name")], last_seq=2)
    index.rebuild([make_doc(1, "Newest Name")], last_seq=3)
    dirs = generation_dirs(tmp_path / "ix")
    assert first[0] not in dirs  # older generations are removed ...
    assert len(dirs) == 2  # ... the live one and the previous (other processes may read it)
    assert slugs(index, text="newest") == ["newest-name-1"]
    assert slugs(index, text="old") == [] and index.last_seq() == 3
    index.close()


def test_other_instances_see_a_rebuild(tmp_path):
    writer, reader = SearchIndex(str(tmp_path / "ix")), SearchIndex(str(tmp_path / "ix"))
    writer.rebuild([make_doc(1, "Ann One")], last_seq=1)
    assert reader.doc_count() == 1
    writer.rebuild([make_doc(1, "Ann One"), make_doc(2, "Ben Two")], last_seq=2)
    reader._expire()  # skip the 0.25 s check interval
    assert reader.doc_count() == 2
    writer.close()
    reader.close()


def test_a_failed_rebuild_leaves_the_live_index_alone(tmp_path):
    index = SearchIndex(str(tmp_path / "ix"))
    index.rebuild([make_doc(1, "Ann One")], last_seq=1)

    def broken():
        yield make_doc(2, "Ben Two")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        index.rebuild(broken(), last_seq=2)
    assert index.doc_count() == 1 and index.last_seq() == 1
    assert len(generation_dirs(tmp_path / "ix")) == 1
    index.close()


def test_apply_upserts_and_deletes_and_stores_the_seq(build_index):
    index = build_index([make_doc(1, "Ann One"), make_doc(2, "Ben Two")], last_seq=10)
    seq = index.apply([
        (11, "upsert", make_doc(1, "Ann Renamed", version="v2")),
        (12, "upsert", make_doc(3, "Cal Three")),
        (13, "delete", {"id": 2}),
    ])  # fmt: skip
    assert seq == 13 and index.last_seq() == 13
    assert index.versions() == {1: "v2", 3: "v1"}
    assert slugs(index, text="renamed") == ["ann-renamed-1"]
    assert slugs(index, text="ben") == []


def test_apply_skips_changes_already_applied(build_index):
    index = build_index([make_doc(1, "Ann One")], last_seq=10)
    seq = index.apply([(9, "upsert", make_doc(1, "Stale Name")),
                       (10, "delete", {"id": 1})])  # fmt: skip
    assert seq == 10 and slugs(index, text="ann") == ["ann-one-1"]
    index.apply([(11, "upsert", make_doc(1, "Fresh Name"))])
    assert index.apply([(11, "delete", 1)]) == 11  # seq 11 is not applied twice
    assert slugs(index, text="fresh") == ["fresh-name-1"]


def test_applied_seq_survives_reopening(build_index, tmp_path):
    index = build_index([make_doc(1, "Ann One")], last_seq=3)
    index.apply([(4, "upsert", make_doc(2, "Ben Two"))])
    reopened = SearchIndex(index.path)
    assert reopened.last_seq() == 4 and reopened.doc_count() == 2
    reopened.close()


def test_a_change_is_visible_to_another_process_instance(build_index):
    index = build_index([make_doc(1, "Ann One")])
    other = SearchIndex(index.path)
    assert other.doc_count() == 1
    index.apply([(1, "upsert", make_doc(2, "Ben Two"))])
    other._expire()
    assert slugs(other, text="ben") == ["ben-two-2"]
    other.close()


def test_apply_raises_index_busy_while_another_writer_holds_the_lock(build_index):
    index = build_index([make_doc(1, "Ann One")], lock_wait=0.1)
    current = index._store.current_dir()
    held = whoosh_index.open_dir(str(current)).writer()
    try:
        with pytest.raises(IndexBusy):
            index.apply([(1, "upsert", make_doc(2, "Ben Two"))])
    finally:
        held.cancel()
    assert index.apply([(1, "upsert", make_doc(2, "Ben Two"))]) == 1


def test_missing_index_is_unavailable(tmp_path):
    index = SearchIndex(str(tmp_path / "nothing"))
    assert not index.exists()
    with pytest.raises(IndexUnavailable, match="flask search reindex"):
        index.search(SearchQuery(text="x"))
    with pytest.raises(IndexUnavailable):
        index.apply([(1, "upsert", make_doc(1, "Ann One"))])


def test_corrupt_index_is_unavailable(build_index):
    index = build_index([make_doc(1, "Ann One")])
    current = index._store.current_dir()
    for name in os.listdir(current):
        if name.endswith(".toc"):
            (current / name).write_bytes(b"not a table of contents")
    fresh = SearchIndex(index.path)
    assert not fresh.exists()
    with pytest.raises(IndexUnavailable, match="reindex"):
        fresh.search(SearchQuery())


def test_index_from_another_schema_version_is_unavailable(build_index, monkeypatch):
    index = build_index([make_doc(1, "Ann One")])
    monkeypatch.setattr("search.changes.SCHEMA_VERSION", 999)
    fresh = SearchIndex(index.path)
    with pytest.raises(IndexUnavailable, match="flask search reindex"):
        fresh.search(SearchQuery())


def test_searcher_is_reused_and_refreshed_after_apply(build_index, monkeypatch):
    index = build_index([make_doc(1, "Ann One")])
    index.search(SearchQuery())
    gen = index._generation()
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 60.0)
    index.search(SearchQuery(text="ann"))
    assert index._generation() is gen  # one searcher for many searches
    index.apply([(1, "upsert", make_doc(2, "Ben Two"))])
    assert slugs(index, text="ben") == ["ben-two-2"]  # this process sees its own change at once
    assert index._generation() is not gen


def test_suggest_mixes_concepts_places_and_practitioners(build_index):
    index = build_index([
        make_doc(1, "Acker Smith", clinic="Skin Lab", city="Austin"),
        make_doc(2, "Dana Acme", city="Acton", state="MA"),
    ])  # fmt: skip
    found = index.suggest("ac")
    kinds = [entry["kind"] for entry in found]
    assert {"label": "Acne scars", "kind": "concern", "value": "acne_scars"} in found
    assert {"label": "Acton, MA", "kind": "place"} in found
    assert kinds.index("concern") < kinds.index("place") < kinds.index("practitioner")
    people = [e for e in found if e["kind"] == "practitioner"]
    assert {e["url_slug"] for e in people} == {"acker-smith-1", "dana-acme-2"}
    assert "Acker Smith — Skin Lab, Austin, TX" in [e["label"] for e in people]


def test_suggest_matches_word_prefixes_and_respects_the_limit(build_index):
    index = build_index([make_doc(i, f"Person Number{i}") for i in range(1, 12)])
    assert len(index.suggest("numb", limit=5)) == 5
    assert index.suggest("x") == [] and index.suggest("") == []
    assert [e["kind"] for e in index.suggest("vampire")] == ["treatment"]


def test_searches_in_threads_keep_working_while_changes_arrive(build_index, monkeypatch):
    monkeypatch.setattr(index_module, "CHECK_INTERVAL", 0.0)  # refresh as often as possible
    index = build_index([make_doc(i, f"Person Number{i}") for i in range(1, 30)])
    writer = SearchIndex(index.path)
    errors: list[BaseException] = []
    done = threading.Event()

    def searching() -> None:
        while not done.is_set():
            try:
                page = index.search(SearchQuery(text="person", per_page=5))
                assert page.total >= 29 and len(page.hits) == 5
            except BaseException as exc:  # collected for the main thread
                errors.append(exc)
                return

    threads = [threading.Thread(target=searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for seq in range(1, 16):
            writer.apply([(seq, "upsert", make_doc(100 + seq, f"Person Extra No{seq}"))])
    finally:
        done.set()
        for thread in threads:
            thread.join()
        writer.close()
    assert errors == []
    assert index.search(SearchQuery(text="extra")).total == 15


@pytest.mark.parametrize("procs", [1, 2])
def test_rebuild_in_chunks_gives_one_searchable_index(tmp_path, monkeypatch, procs):
    monkeypatch.setattr("search.changes.CHUNK_PER_PROCESS", 3)  # several segments
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 3)
    index = SearchIndex(str(tmp_path / "ix"))
    docs = [make_doc(i, f"Person Number{i}", price_min=100 + i) for i in range(1, 15)]
    assert index.rebuild(docs, last_seq=7, procs=procs) == 14
    assert len(index._generation().leaves) > 2
    assert index.doc_count() == 14 and index.last_seq() == 7
    page = index.search(SearchQuery(text="person", sort="price", per_page=5, page=2))
    assert page.total == 14 and [h.id for h in page.hits] == [6, 7, 8, 9, 10]
    index.close()


@pytest.mark.parametrize(("listings", "writers"), [(8, 1), (12, 2), (40, 2)])
def test_procs_share_out_a_rebuild_smaller_than_one_chunk(tmp_path, monkeypatch, listings, writers):
    """--procs 2 helps below CHUNK_PER_PROCESS: a rebuild with room for two processes of
    MIN_PER_PROCESS listings is written by two, a smaller one by one."""
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 5)
    asked: list[int] = []
    original = changes._write_parts

    def spy(writer, ix, parts, progress, last):
        asked.append(len(parts))
        return original(writer, ix, parts, progress, last)

    monkeypatch.setattr(changes, "_write_parts", spy)
    index = SearchIndex(str(tmp_path / "ix"))
    docs = [make_doc(i, f"Person Number{i}") for i in range(1, listings + 1)]
    assert index.rebuild(docs, last_seq=1, procs=2) == listings
    assert asked == [writers]
    assert index.search(SearchQuery(text="person")).total == listings
    index.close()


@pytest.mark.parametrize("build", [True, False])
def test_the_parent_writes_its_segment_before_waiting_for_the_other_writer(
    tmp_path, monkeypatch, build
):
    """With two writer processes the parent writes its own postings while the child still
    writes, and only then waits for the child's segment; every listing is found after, in a
    rebuild and in a change batch alike."""
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 5)
    events: list[str] = []
    finish_own = whoosh_internals.BulkSegmentWriter.finish_own_segment
    finished_part = changes._finished_part

    def own(writer):
        events.append("own segment written")
        return finish_own(writer)

    def child(process, receive):
        events.append("child's segment received")
        return finished_part(process, receive)

    monkeypatch.setattr(whoosh_internals.BulkSegmentWriter, "finish_own_segment", own)
    monkeypatch.setattr(changes, "_finished_part", child)
    index = SearchIndex(str(tmp_path / "ix"))
    docs = [make_doc(i, f"Person Number{i}") for i in range(1, 21)]
    if build:
        index.rebuild(docs, last_seq=1, procs=2)
    else:
        index.rebuild([], last_seq=0)
        index.apply([(seq, "upsert", doc) for seq, doc in enumerate(docs, 1)], procs=2)
    assert events == ["own segment written", "child's segment received"]
    assert index.search(SearchQuery(text="person")).total == 20
    assert index.search(SearchQuery(text="number20")).total == 1
    index.close()


def test_last_seq_after_a_write_reads_the_index_without_warming_a_searcher(tmp_path, monkeypatch):
    """A writer asks for the seq after every batch: answering it must not load a new
    generation's arrays (a 100,000-listing warm-up per import batch)."""
    index = SearchIndex(str(tmp_path / "ix"))
    index.rebuild([make_doc(1, "Ann One")], last_seq=1)
    assert index.search(SearchQuery(text="ann")).total == 1
    warmed: list[object] = []
    monkeypatch.setattr(index, "_warm", warmed.append)
    assert index.apply([(2, "upsert", make_doc(2, "Ben Two"))]) == 2
    assert index.last_seq() == 2
    assert warmed == []
    assert index.search(SearchQuery(text="ben")).total == 1  # searching swaps it in
    assert len(warmed) == 1
    index.close()
