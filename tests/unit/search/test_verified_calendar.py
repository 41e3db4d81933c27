"""The verified filter and badge compare the indexed ``verified_until`` with the query's day."""

from __future__ import annotations

from datetime import date, timedelta

from search import SearchQuery
from tests.unit.search.documents import make_doc


def today() -> date:
    """Read at each use, not at import, so a run across midnight compares like with like."""
    return date.today()


def test_the_search_filter_is_judged_on_the_querys_day(build_index):
    """search/ compares the stored date with each query's day; its filter cache is keyed by
    that day, so a cached mask can never freeze yesterday's answer."""
    index = build_index([
        make_doc(1, "Til Today", verified_until=today().isoformat()),
        make_doc(2, "Long Valid", verified_until=(today() + timedelta(days=90)).isoformat()),
        make_doc(3, "Never Verified"),
    ])  # fmt: skip

    def verified(day: date) -> list[int]:
        page = index.search(SearchQuery(verified=True, today=day, per_page=10))
        return sorted(hit.id for hit in page.hits)

    assert verified(today()) == [1, 2]
    assert verified(today() + timedelta(days=1)) == [2]
    assert verified(today()) == [1, 2]
    hits = index.search(SearchQuery(today=today() + timedelta(days=1), per_page=10)).hits
    assert {hit.id: hit.verified for hit in hits} == {1: False, 2: True, 3: False}
