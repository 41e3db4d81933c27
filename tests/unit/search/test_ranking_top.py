"""search.query: the page of smallest sort keys, the same whichever way it is found, and
scores from remembered parts equal to freshly computed ones."""

from __future__ import annotations

import numpy as np
import pytest

from search import SearchQuery, query
from search.query import SAMPLE_STEP, top
from tests.unit.search.documents import make_doc


def _reference(keys: np.ndarray, limit: int) -> list[int]:
    return np.argsort(keys, kind="stable")[:limit].tolist()


@pytest.mark.parametrize("distinct", [3, 50, 10_000, None])
@pytest.mark.parametrize("limit", [1, 20, 100])
def test_top_equals_a_full_stable_sort(distinct, limit):
    """Large enough for the sampled bound; few distinct keys put many ties at the cut, which
    must still come in document order."""
    rng = np.random.default_rng(limit * 7 + (distinct or 1))
    size = SAMPLE_STEP * 4 * limit + 999
    if distinct is None:
        keys = rng.random(size)
    else:
        keys = rng.integers(0, distinct, size).astype(np.float64)
    keys[rng.integers(0, size, 10)] = np.inf  # listings without a distance sort last
    assert top(keys, limit).tolist() == _reference(keys, limit)


def test_the_smallest_keys_all_outside_the_sample_are_still_found():
    size = SAMPLE_STEP * 4 * 20 + 5
    keys = np.ones(size)
    best = list(range(1, size, SAMPLE_STEP))[:20]  # never at a multiple of the step
    keys[best] = 0.0
    assert top(keys, 20).tolist() == best
    # then the ties at 1.0, in document order (1 is among the best)
    assert top(keys, 25).tolist() == [*best, 0, 2, 3, 4, 5]


def test_a_short_list_and_a_limit_past_its_end():
    keys = np.array([3.0, 1.0, 2.0, 1.0])
    assert top(keys, 2).tolist() == [1, 3]
    assert top(keys, 10).tolist() == [1, 3, 2, 0]


QUERIES = [
    SearchQuery(text="microneedling scars"),
    SearchQuery(text="collagen"),
    SearchQuery(text="peel", sort="rating"),
    SearchQuery(text="studio glow", page=2, per_page=5),
]


def _pages(index) -> list:
    return [index.search(q) for q in QUERIES]


def test_remembered_score_parts_rank_as_freshly_computed_ones(build_index, monkeypatch):
    """The BM25 parts and ratings a generation keeps give the pages computing them gives."""
    words = ("microneedling", "collagen", "scars", "peel", "studio", "glow")
    docs = [
        make_doc(i, f"Person {i}", bio=" ".join(words[j] for j in range(6) if (i + j) % (j + 2)),
                 rating_sum=i % 7 * 4, rating_count=i % 7)
        for i in range(1, 121)
    ]  # fmt: skip
    monkeypatch.setattr(query, "REMEMBER_FROM", 10**9)
    computed = _pages(build_index(docs))
    monkeypatch.setattr(query, "REMEMBER_FROM", 1)
    index = build_index(docs)
    assert _pages(index) == computed  # remembered on the way
    assert _pages(index) == computed  # read back
    assert any(key[0] == "bm25_tf" for key in index._generation()._derived)
    assert all(page.total for page in computed)
