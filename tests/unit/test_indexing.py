"""directory.indexing: the change log written with each write, applied after commit, and the
index kept honest when it is busy, missing or corrupt."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from directory import indexing
from directory.extensions import db
from directory.models import Listing, SearchChange, User
from directory.services import listings
from search import IndexBusy, SearchQuery
from tests import search_app_helpers as helpers
from tests.factories import make_listing
from tests.search_app_helpers import change_count, corrupt_index, remove_index

search_ctx, seeded = helpers.search_ctx, helpers.seeded  # fixtures


@pytest.fixture
def app_config(app_config):
    # a short lock wait keeps the "another writer holds the lock" test quick
    return {**app_config, "SEARCH_LOCK_WAIT": 0.05}


def found(query: str) -> list[str]:
    page = indexing.get_index().search(SearchQuery(text=query))
    return [hit.name for hit in page.hits]


def committed_changes(app) -> list[tuple[int, str]]:
    """Change rows as another connection sees them (i.e. only committed ones)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as conn:
            return [
                tuple(r) for r in conn.execute(text("SELECT listing_id, op FROM search_changes"))
            ]
    finally:
        engine.dispose()


@pytest.fixture
def owner(search_ctx, make_user) -> User:
    return db.session.get(User, make_user("doc@example.org", role="practitioner"))


def listing_data(**overrides):
    values = {
        "name": "Jane Doe", "credentials": "RN", "profession": "registered_nurse",
        "clinic": "Glow Skin Studio", "bio": "Collagen induction for acne scars.",
        "address": "100 Congress Ave", "city": "Austin", "state": "TX", "postal_code": "78701",
        "phone": "", "website": "", "practicing_since": 2015, "procedures_performed": 100,
        "price_min": 150, "price_max": 450, "currency": "USD", "numbing_cream": None,
        "consultation": "free", "consultation_notes": "", "accepting_new_patients": True,
        "treatments": ["microneedling"], "concerns": ["acne_scars"],
        "devices": ["skinpen_precision"], "skin_types": [1, 2],
    }  # fmt: skip
    values.update(overrides)
    return values


def test_change_row_is_written_in_the_same_transaction(app, search_ctx):
    listing = make_listing(name="Nora Quinn")
    indexing.listing_changed(listing)
    listing.clinic = "Quinn Clinic"
    db.session.flush()
    assert committed_changes(app) == [(listing.id, "upsert")]  # the first commit only
    db.session.commit()
    rows = db.session.scalars(db.select(SearchChange).order_by(SearchChange.seq)).all()
    assert [(r.listing_id, r.op) for r in rows] == [(listing.id, "upsert")] * 2
    document = json.loads(rows[-1].document)
    assert document == indexing.listing_document(listing)
    assert document["clinic"] == "Quinn Clinic"  # built at commit time, after the last edit
    assert document["treatments"] == ["microneedling", "prp_microneedling"]
    assert document["device_names"] == ["SkinPen Precision System"]


def test_rollback_leaves_no_rows_and_no_documents(app, search_ctx):
    listing = Listing(
        slug="ghost", name="Ghost Person", profession="esthetician", city="Austin", state="TX"
    )
    db.session.add(listing)
    indexing.listing_changed(listing)
    db.session.flush()
    db.session.rollback()
    assert change_count() == 0
    assert committed_changes(app) == []
    assert found("Ghost") == []
    assert indexing.get_index().doc_count() == 0
    make_listing(name="Real Person")  # the next commit does not resurrect the ghost
    assert found("Ghost") == [] and found("Real") == ["Real Person"]


def test_committed_changes_are_applied_at_once(search_ctx, owner):
    listing = listings.create_listing(owner, listing_data(name="Paula Reyes"))
    index = indexing.get_index()
    assert found("Reyes") == ["Paula Reyes"]
    assert index.last_seq() == indexing.current_seq()
    listings.update_listing(listing, listing_data(name="Paula Reyes", clinic="Luminous Skin"))
    assert found("Luminous") == ["Paula Reyes"]
    assert indexing.index_stats() == {"documents": 1, "pending": 0}


def test_an_edit_shows_in_search_results_at_once(client, search_ctx, owner):
    def total(query: str) -> int:
        return client.get(f"/api/v1/practitioners?q={query}").get_json()["total"]

    listing = listings.create_listing(owner, listing_data(name="Iris Vale"))
    assert total("Radiant") == 0  # this answer is cached...
    listings.update_listing(listing, listing_data(name="Iris Vale", clinic="Radiant Skin"))
    assert total("Radiant") == 1  # ...until the index changes


def test_deleting_a_listing_removes_it_from_search(search_ctx):
    listing = make_listing(name="Gone Soon")
    assert found("Gone") == ["Gone Soon"]
    db.session.delete(listing)
    db.session.commit()
    assert found("Gone") == []
    assert indexing.get_index().doc_count() == 0


def test_explicit_deletion_by_id(search_ctx):
    listing = make_listing(name="Bulk Removed")
    db.session.execute(db.delete(Listing).where(Listing.id == listing.id))
    indexing.listing_deleted(listing.id)
    db.session.commit()
    last = db.session.scalars(db.select(SearchChange).order_by(SearchChange.seq.desc())).first()
    assert (last.listing_id, last.op) == (listing.id, "delete")
    assert found("Bulk") == []


def test_busy_index_keeps_rows_pending_until_sync(app, search_ctx, owner, runner):
    from whoosh import index as whoosh_index

    from search.store import Store

    other_writer = whoosh_index.open_dir(str(Store(app.config["SEARCH_INDEX_DIR"]).current_dir()))
    writer = other_writer.writer()
    try:
        listing = listings.create_listing(owner, listing_data(name="Olive Busy"))
        assert db.session.get(Listing, listing.id) is not None  # the write itself committed
        assert found("Olive") == []
        assert indexing.index_stats()["pending"] == 1
        with pytest.raises(IndexBusy):
            indexing.get_index().apply([(999, "delete", {"id": 1})])
    finally:
        writer.cancel()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Applied 1 changes" in result.output
    assert found("Olive") == ["Olive Busy"]
    assert indexing.index_stats()["pending"] == 0


def test_missing_index_gives_503_and_reindex_restores(app, client, runner, seeded):
    remove_index(app)
    make_listing(name="Written While Down")  # the write still succeeds; its row waits
    assert client.get("/api/v1/practitioners").status_code == 503
    assert client.get("/search").status_code == 503
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    body = client.get("/api/v1/practitioners").get_json()
    assert body["total"] == 4


def test_corrupt_index_gives_503_and_reindex_restores(app, client, runner, seeded):
    corrupt_index(app)
    assert client.get("/api/v1/practitioners?q=acne").status_code == 503
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert client.get("/api/v1/practitioners?q=acne").get_json()["total"] == 1


def test_rows_after_a_fresh_gap_wait_for_the_missing_one(search_ctx):
    now = datetime.now(UTC)
    for seq, created in ((1, now), (3, now)):
        doc = json.dumps({"id": seq})
        db.session.add(SearchChange(seq=seq, listing_id=seq, op="delete", document=doc,
                                    created_at=created))  # fmt: skip
    db.session.commit()
    assert [c[0] for c in indexing.pending_changes(0)] == [1]  # seq 2 may still be committing
    db.session.get(SearchChange, 3).created_at = now - timedelta(minutes=1)
    db.session.commit()
    assert [c[0] for c in indexing.pending_changes(0)] == [1, 3]  # an old gap is a rollback


def test_documents_from_rows_match_documents_from_objects(search_ctx, seeded):
    streamed = {doc["id"]: doc for doc in indexing.build_all_documents(chunk=2)}
    for listing in (seeded.ana, seeded.ben, seeded.cara):
        assert streamed[listing.id] == indexing.listing_document(listing)


def test_rating_prior_mean_is_the_mean_of_all_reviews_and_cached(app, search_ctx, seeded):
    assert indexing.rating_prior_mean() == pytest.approx((48 + 6) / 12)
    db.session.execute(db.update(Listing).values(rating_sum=0, rating_count=0))
    db.session.commit()  # a bulk update: nothing tells the cache
    assert indexing.rating_prior_mean() == pytest.approx(4.5)
    seeded.ana.rating_sum, seeded.ana.rating_count = 3, 1
    db.session.commit()  # a listing change through the session refreshes it
    assert indexing.rating_prior_mean() == pytest.approx(3.0)


def test_one_index_per_process_and_directory(app, search_ctx):
    assert indexing.get_index() is indexing.get_index(app)
