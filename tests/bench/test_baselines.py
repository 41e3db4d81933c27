"""The benchmark's baselines search the same documents as search/ and find the same listings where
the engines can agree (filters and places; words are matched as typed by the baselines only), and
the timing loop interleaves the engines per query."""

from __future__ import annotations

import os

import pytest

from bench import compare, corpus, fts5, params
from bench.fts5 import Fts5Index
from search import SearchIndex

SIZE = 600
# Words no synonym, concept or profession of search/ covers: every engine matches them as typed.
PLAIN_WORDS = [{"q": "sunscreen"}, {"q": "jawline"}, {"q": "Thompson"}, {"q": "weekend"}]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """search/ and every baseline that can run here, over the same generated listings."""
    base = tmp_path_factory.mktemp("engines")
    documents = [corpus.to_document(i, r) for i, r in enumerate(corpus.generate_records(SIZE), 1)]
    needlewise = SearchIndex(str(base / "index"))
    needlewise.rebuild(documents, last_seq=0)
    fts5.build(base / "fts5.db", documents)
    out: dict[str, object] = {"needlewise": needlewise, "fts5": Fts5Index(base / "fts5.db")}
    try:
        from bench import tantivy_engine
    except ImportError:  # the bench extra is not installed: `make test` does not need it
        pass
    else:
        tantivy_engine.build(base / "tantivy", documents)
        out["tantivy"] = tantivy_engine.TantivyIndex(base / "tantivy")
    dsn, table = os.environ.get("TEST_DATABASE_URL"), f"bench_listings_{os.getpid()}"
    if dsn:  # `make test-postgres`: the run's own throw-away database
        from bench import pg

        dsn = dsn.replace("postgresql+psycopg://", "postgresql://")
        pg.build(table, documents, dsn=dsn)
        out["postgresql"] = pg.PgIndex(table, dsn=dsn)
    yield out
    if "postgresql" in out:
        out["postgresql"].db.execute(f"DROP TABLE {table}")  # type: ignore[attr-defined]
    for engine in out.values():
        engine.close()  # type: ignore[attr-defined]


def test_every_engine_finds_the_same_listings_for_filters_and_places(engines):
    found = compare.totals(engines, compare.AGREEMENT_QUERIES)
    assert compare.disagreements(found, compare.AGREEMENT_QUERIES) == []
    # Not agreement on nothing: most of these queries find listings at this size.
    assert sum(1 for total in found["needlewise"] if total) >= len(compare.AGREEMENT_QUERIES) - 2


def test_the_baselines_agree_on_words_matched_as_typed(engines):
    baselines = {name: e for name, e in engines.items() if name != "needlewise"}
    found = compare.totals(baselines, PLAIN_WORDS)
    assert compare.disagreements(found, PLAIN_WORDS) == []
    assert all(found["fts5"])


def test_every_engine_returns_the_page_in_the_same_order_when_sorting_by_distance(engines):
    query = params.to_query({"near": "Dallas, TX", "sort": "distance", "per_page": "5"})
    pages = {name: [h.id for h in e.search(query).hits] for name, e in engines.items()}
    assert pages["needlewise"]
    assert all(ids == pages["needlewise"] for ids in pages.values()), pages


def test_different_totals_are_reported_per_query():
    found = {"a": [3, 5], "b": [3, 6]}
    lines = compare.disagreements(found, [{"q": "same"}, {"q": "differs"}])
    assert lines == ["{'q': 'differs'}: {'a': 5, 'b': 6}"]


class Recorder:
    """An engine that notes the order engines were called in."""

    def __init__(self, name: str, calls: list[str]) -> None:
        self.name, self.calls = name, calls

    def search(self, query):
        self.calls.append(self.name)
        return None  # the timing loop ignores the answer


def test_each_query_runs_on_every_engine_in_a_rotating_order():
    calls: list[str] = []
    engines = {name: Recorder(name, calls) for name in ("a", "b", "c")}
    queries = [{"q": "one"}, {"q": "two"}, {"q": "three"}]
    out = compare.interleaved(engines, passes=1, queries=queries)
    measured = calls[9:]  # after the warm-up pass
    blocks = [measured[i : i + 3] for i in range(0, 9, 3)]
    assert all(sorted(block) == ["a", "b", "c"] for block in blocks)
    assert len({block[0] for block in blocks}) == 3  # each engine goes first once
    assert out["a"]["requests"] == 3
    assert set(out["load_average"]) == {"min", "max"}
