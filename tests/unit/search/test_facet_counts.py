"""Facet counts take shortcuts (nothing for no result, the corpus totals for everything, a few
documents' own bits, popcounts over the facet bit matrix otherwise); they must equal counting
every value's postings over the matched set, on an index of several segments with deleted and
replaced listings."""

from __future__ import annotations

import random

import numpy as np
import pytest

from search import SearchQuery, generation
from search.query import facet_counts
from search.schema import FACETS
from tests.unit.search.documents import make_doc

TREATMENTS = ["microneedling", "prp_microneedling", "rf_microneedling", "facial", "chemical_peel"]
CONCERNS = ["acne_scars", "fine_lines", "texture", "pores", "hyperpigmentation"]
DEVICES = ["skinpen_precision", "dermapen_4", "morpheus8"]
PROFESSIONS = ["esthetician", "registered_nurse", "dermatologist"]


def _doc(doc_id: int, rng: random.Random, word: str = "gentle"):
    return make_doc(
        doc_id, f"Person {doc_id}", bio=f"A {word} practice, number {doc_id}.",
        treatments=sorted(rng.sample(TREATMENTS, rng.randint(1, 3))),
        concerns=sorted(rng.sample(CONCERNS, rng.randint(0, 3))),
        devices=sorted(rng.sample(DEVICES, rng.randint(0, 2))),
        profession=rng.choice(PROFESSIONS),
    )  # fmt: skip


@pytest.fixture
def index(build_index):
    """Three segments: 60 built, 25 added later, 12 deleted and 10 replaced across both."""
    rng = random.Random(14)
    index = build_index([_doc(i, rng) for i in range(1, 61)])
    index.apply([(i, "upsert", _doc(i, rng, "careful")) for i in range(61, 86)])
    changes: list = [("delete", i) for i in range(3, 60, 5)]
    changes += [("upsert", _doc(i, rng, "careful")) for i in range(62, 85, 5)]
    changes += [("upsert", _doc(i, rng)) for i in (2, 9, 21, 34, 44)]
    index.apply([(100 + seq, kind, body) for seq, (kind, body) in enumerate(changes)])
    return index


def slow_counts(gen, mask: np.ndarray) -> dict[str, dict[str, int]]:
    """Every value's postings intersected with the matched set, as counted before."""
    out = {}
    for name, field in FACETS.items():
        counts = [(v, int(np.count_nonzero(mask[ids]))) for v, ids in gen.facet_postings(field)]
        counts.sort(key=lambda vc: (-vc[1], vc[0]))
        out[name] = {v: c for v, c in counts if c}
    return out


def test_the_index_has_several_segments_and_deletions(index):
    gen = index._generation()
    assert len(gen.leaves) >= 2
    assert gen.count < gen.size  # deleted documents are still in the arrays


@pytest.mark.parametrize("ratio", [0, 10**9], ids=["read_bits", "popcount"])
@pytest.mark.parametrize("picked", ["none", "one", "few", "half", "most", "all_but_one", "all"])
def test_counts_equal_the_slow_path_for_every_size_of_result(index, picked, ratio, monkeypatch):
    # the ratio decides which of the two ways counts a set: force each in turn
    monkeypatch.setattr(generation, "GATHER_RATIO", ratio)
    gen = index._generation()
    live = np.flatnonzero(gen.live)
    rng = np.random.default_rng(3)
    size = {"none": 0, "one": 1, "few": 7, "half": len(live) // 2, "most": len(live) - 9,
            "all_but_one": len(live) - 1, "all": len(live)}[picked]  # fmt: skip
    docs = np.sort(rng.choice(live, size=size, replace=False))
    mask = np.zeros(gen.size, dtype=bool)
    mask[docs] = True
    assert facet_counts(gen, mask, docs) == slow_counts(gen, mask)


def test_whole_corpus_counts_match_the_listings_in_the_index(index):
    page = index.search(SearchQuery())
    rows = [index._generation().row(d) for d in np.flatnonzero(index._generation().live)]
    treatments: dict[str, int] = {}
    for row in rows:
        for slug in row["treatments"]:
            treatments[slug] = treatments.get(slug, 0) + 1
    assert page.total == len(rows) == 85 - 12
    assert page.facets["treatment"] == dict(sorted(treatments.items(), key=lambda kv: -kv[1]))
    assert sum(page.facets["profession"].values()) == page.total


@pytest.mark.parametrize("text", ["careful", "gentle", "nothingmatchesthis"])
def test_search_facets_equal_the_slow_path(index, text):
    gen = index._generation()
    page = index.search(SearchQuery(text=text))
    ids = {h.id for h in index.search(SearchQuery(text=text, per_page=100)).hits}
    mask = np.zeros(gen.size, dtype=bool)
    for d in np.flatnonzero(gen.live):
        mask[d] = gen.row(d)["id"] in ids
    assert page.total == len(ids)
    assert page.facets == slow_counts(gen, mask)
