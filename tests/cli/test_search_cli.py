"""``flask search reindex|sync|check`` through the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from directory import indexing
from directory.extensions import db
from directory.models import Listing
from search import SearchIndex, SearchQuery, store
from search.store import Store
from tests import search_app_helpers as helpers
from tests.factories import make_listing
from tests.search_app_helpers import remove_index, seed_listings

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures


def run(runner, *args: str):
    return runner.invoke(args=["search", *args])


def generations(app) -> set[str]:
    return {p.name for p in Path(app.config["SEARCH_INDEX_DIR"]).iterdir() if p.is_dir()}


def test_reindex_builds_everything_and_records_the_seq(app, ctx, runner):
    seed_listings()  # written while no index exists: the rows stay pending
    index = indexing.get_index()
    assert not index.exists()
    result = run(runner, "reindex")
    assert result.exit_code == 0, result.output
    assert "Indexed 3 listings" in result.output
    assert index.doc_count() == 3
    assert index.last_seq() == indexing.current_seq()
    assert indexing.index_stats()["pending"] == 0
    make_listing(name="After The Rebuild")  # later changes continue from that seq
    assert index.search(SearchQuery(text="Rebuild")).total == 1


def test_reindex_swaps_in_a_new_generation(app, runner, seeded):
    before = generations(app)
    assert run(runner, "reindex", "--procs", "2").exit_code == 0
    assert generations(app) - before  # a new directory was built and swapped in
    assert indexing.get_index().doc_count() == 3


def test_reindex_with_two_writer_processes_indexes_every_listing(app, runner, seeded, monkeypatch):
    """--procs 2 forks a second writer for half the listings (made to happen at three listings
    here); the parent commits both segments at once."""
    monkeypatch.setattr("search.changes.MIN_PER_PROCESS", 1)
    names = [listing.name for listing in db.session.scalars(db.select(Listing))]
    result = run(runner, "reindex", "--procs", "2")
    assert result.exit_code == 0, result.output
    assert "Indexed 3 listings" in result.output
    index = indexing.get_index()
    assert index.doc_count() == 3
    for name in names:
        assert index.search(SearchQuery(text=name)).total >= 1, name


def test_reindex_if_needed_builds_only_when_missing(app, runner, seeded):
    before = generations(app)
    result = run(runner, "reindex", "--if-needed")
    assert result.exit_code == 0
    assert "usable (3 documents)" in result.output
    assert generations(app) == before
    remove_index(app)
    time.sleep(0.3)  # a long-lived SearchIndex notices a vanished index within 0.25 s
    result = run(runner, "reindex", "--if-needed")
    assert result.exit_code == 0 and "Indexed 3 listings" in result.output


def test_sync_applies_pending_changes(app, ctx, runner):
    seed_listings()
    indexing.get_index().rebuild([], last_seq=0)  # an empty index at the start of the log
    result = run(runner, "sync")
    assert result.exit_code == 0, result.output
    assert "Applied 3 changes" in result.output
    assert indexing.get_index().doc_count() == 3
    again = run(runner, "sync")
    assert "Applied 0 changes" in again.output


def test_sync_without_an_index_fails_clearly(ctx, runner):
    make_listing()
    result = run(runner, "sync")
    assert result.exit_code == 1
    assert "reindex" in result.output


def test_check_passes_when_index_and_database_agree(runner, seeded):
    result = run(runner, "check")
    assert result.exit_code == 0
    assert "index matches database (3 documents)" in result.output


def test_check_reports_unindexed_orphan_and_stale_listings(runner, seeded):
    index = indexing.get_index()
    # unindexed: the index lost Ana's document
    index.apply([(indexing.current_seq() + 1, "delete", {"id": seeded.ana.id})])
    # orphan: Ben deleted behind the change log's back
    ben_id, ben_slug = seeded.ben.id, seeded.ben.slug
    db.session.execute(db.delete(Listing).where(Listing.id == ben_id))
    # stale: Cara's price changed behind the change log's back
    db.session.execute(db.update(Listing).where(Listing.id == seeded.cara.id).values(price_min=90))
    db.session.commit()
    result = run(runner, "check")
    assert result.exit_code == 1
    out = result.output
    assert "Unindexed" in out and f"{seeded.ana.id}  {seeded.ana.slug}" in out
    assert "Orphans" in out and f"{ben_id}  {ben_slug}" in out
    assert "Stale" in out and f"{seeded.cara.id}  {seeded.cara.slug}" in out
    assert run(runner, "reindex").exit_code == 0
    assert run(runner, "check").exit_code == 0


def test_check_without_an_index_fails(app, runner, seeded):
    remove_index(app)
    result = run(runner, "check")
    assert result.exit_code == 1
    assert "reindex" in result.output


def gen_dirs(app) -> list[str]:
    return sorted(p.name for p in Path(app.config["SEARCH_INDEX_DIR"]).glob("gen-*"))


def no_grace(monkeypatch) -> None:
    """Old generations may go as soon as nobody reads them (this process's own SearchIndex
    closes an old searcher when its last request ends)."""
    monkeypatch.setattr(store, "RETIRED_GRACE_SECONDS", 0.0)


def test_reindex_keeps_one_old_generation_and_check_reports_disk_use(
    app, runner, seeded, monkeypatch
):
    no_grace(monkeypatch)
    for _ in range(3):
        assert run(runner, "reindex").exit_code == 0
    kept = gen_dirs(app)
    assert len(kept) == 2  # the live generation and the previous one
    result = run(runner, "check")
    assert result.exit_code == 0, result.output
    live, previous = Store(app.config["SEARCH_INDEX_DIR"]).pointer_names()
    assert {live, previous} == set(kept)
    for name, role in ((live, "live"), (previous, "previous")):
        size = sum(
            f.stat().st_size for f in (Path(app.config["SEARCH_INDEX_DIR"]) / name).rglob("*")
        )
        assert f"generation {name} ({role}): {size / 1e6:.1f} MB" in result.output


def test_an_old_generation_stays_while_another_process_reads_it(app, runner, seeded, monkeypatch):
    no_grace(monkeypatch)
    oldest = gen_dirs(app)[-1]
    path = Path(app.config["SEARCH_INDEX_DIR"])
    reader = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:  # a reader marker as another process's SearchIndex writes it
        (path / "markers").mkdir(exist_ok=True)
        (path / "markers" / f"{oldest}.reader.{reader.pid}.0").touch()
        assert run(runner, "reindex").exit_code == 0
        assert run(runner, "reindex").exit_code == 0
        assert oldest in gen_dirs(app) and len(gen_dirs(app)) == 3
        result = run(runner, "check")
        assert f"generation {oldest} (old, 1 running readers)" in result.output
    finally:
        reader.kill()
        reader.wait()
    result = run(runner, "check")  # the reader has gone: its generation goes too
    assert f"removed old generation {oldest}" in result.output
    assert oldest not in gen_dirs(app) and len(gen_dirs(app)) == 2


def test_an_old_generation_waits_out_the_grace_period(app, runner, seeded, monkeypatch):
    no_grace(monkeypatch)
    monkeypatch.setattr(store, "RETIRED_GRACE_SECONDS", 3600.0)
    oldest = gen_dirs(app)[-1]
    assert run(runner, "reindex").exit_code == 0
    assert run(runner, "reindex").exit_code == 0
    assert oldest in gen_dirs(app)  # superseded moments ago: a process may not have marked it
    monkeypatch.setattr(store, "RETIRED_GRACE_SECONDS", 0.0)
    assert f"removed old generation {oldest}" in run(runner, "check").output


def test_a_search_index_marks_the_generation_it_reads_until_it_closes(app, seeded):
    path = app.config["SEARCH_INDEX_DIR"]
    reader = SearchIndex(path)
    reader.search(SearchQuery(text="microneedling"))
    live, _previous = Store(path).pointer_names()
    marker = reader._state.marker if reader._state else None
    assert marker is not None and marker.exists()
    assert marker.name.startswith(f"{live}.reader.{os.getpid()}.")
    reader.close()
    assert not marker.exists()
