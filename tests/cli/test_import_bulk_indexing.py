"""A large import keeps the search index current from a helper process (bulk_indexing): every
listing is searchable when the command returns, and a helper that dies loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory import bulk_indexing, indexing
from directory.extensions import db
from directory.models import Listing
from search import SearchQuery
from tests.import_helpers import generated, write_jsonl

LISTINGS = 1_200


@pytest.fixture
def large_file(tmp_path, monkeypatch):
    """A file the command treats as large (the thresholds scaled down to test size)."""
    monkeypatch.setattr(bulk_indexing, "MIN_BYTES", 1)
    monkeypatch.setattr(bulk_indexing, "MIN_SEGMENT_ROWS", 200)
    monkeypatch.setattr(bulk_indexing, "SEGMENT_ROWS", 500)
    return write_jsonl(tmp_path / "many.jsonl", *generated(LISTINGS))


@pytest.fixture
def empty_index(app):
    with app.app_context():
        indexing.get_index().rebuild([], last_seq=0)


def import_file(runner, path):
    result = runner.invoke(args=["import", "practitioners", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"created {LISTINGS}, updated 0, rejected 0"
    return result


def assert_all_searchable(app, runner) -> None:
    with app.app_context():
        index = indexing.get_index()
        assert index.search(SearchQuery()).total == LISTINGS
        assert indexing.pending_count(index) == 0
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0, check.output
    assert f"index matches database ({LISTINGS} documents)" in check.output


def test_every_listing_is_searchable_when_a_large_import_returns(
    app, runner, large_file, empty_index
):
    import_file(runner, large_file)
    assert_all_searchable(app, runner)
    with app.app_context():
        index = indexing.get_index()
        assert index.search(SearchQuery(text="collagen induction")).total == LISTINGS
        last = index.search(SearchQuery(text="Jordan Rivera 1200")).hits[0]
        assert last.name == "Jordan Rivera 1200"


@pytest.fixture
def applied_by_importer(monkeypatch) -> list[int]:
    """How many rows each ``apply_pending`` call of the importing process applied."""
    counts: list[int] = []
    original = indexing.apply_pending

    def counting(*args, **kwargs):
        applied = original(*args, **kwargs)
        counts.append(applied)
        return applied

    monkeypatch.setattr(indexing, "apply_pending", counting)
    return counts


def test_the_importer_leaves_the_rows_to_the_helper(
    app, runner, large_file, empty_index, applied_by_importer
):
    import_file(runner, large_file)
    # The importer applied only what the helper left at the very end (a final catch-up).
    assert len(applied_by_importer) == 1 and applied_by_importer[0] < LISTINGS
    assert_all_searchable(app, runner)


def test_the_helper_drains_what_it_was_still_waiting_to_batch(
    app, runner, large_file, empty_index, applied_by_importer, monkeypatch
):
    # The helper waits for a segment's worth of rows that this import never reaches, so the
    # stop comes while it waits; it must still drain every row before it exits.
    monkeypatch.setattr(bulk_indexing, "MIN_SEGMENT_ROWS", LISTINGS * 10)
    import_file(runner, large_file)
    assert applied_by_importer == [0]
    assert_all_searchable(app, runner)


def test_a_helper_that_dies_loses_nothing(app, runner, large_file, empty_index, monkeypatch):
    def crash(_draining: bool) -> bool:
        raise RuntimeError("the helper crashed")

    monkeypatch.setattr(bulk_indexing, "_apply_some", crash)
    import_file(runner, large_file)
    # The rows the helper never applied were pending in the change log; the importer's final
    # catch-up applied them.
    assert_all_searchable(app, runner)


def test_without_an_index_the_import_leaves_the_rows_pending(app, runner, large_file):
    import_file(runner, large_file)
    with app.app_context():  # no helper ran: every row waits in the change log
        assert len(indexing.pending_changes(0, limit=5_000)) == LISTINGS
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert_all_searchable(app, runner)


def test_a_registry_import_is_searchable_when_it_returns(
    app, runner, large_file, empty_index, monkeypatch
):
    # `import npi` keeps the index current through the same helper (the registry file here is
    # small; the fixture lowers the size threshold).
    deferred: list[bool] = []
    original = indexing.defer_applying
    monkeypatch.setattr(
        indexing, "defer_applying", lambda a, on: (deferred.append(on), original(a, on))
    )
    monthly = Path(__file__).resolve().parents[1] / "data" / "npi" / "nppes_monthly.csv"
    result = runner.invoke(args=["import", "npi", str(monthly)])
    assert deferred == [True, False]  # the helper applied the rows while the import ran
    assert "created" in result.stdout, result.output
    with app.app_context():
        index = indexing.get_index()
        listings = db.session.scalar(select(func.count()).select_from(Listing))
        assert listings and index.search(SearchQuery()).total == listings
        assert indexing.pending_count(index) == 0
