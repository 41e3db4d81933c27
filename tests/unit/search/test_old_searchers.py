"""Every write makes a new generation; a process that serves searches between writes must let
go of each old one when its last search ends, or its memory and open files grow with every
edit (two writes a second grew a 100,000-listing worker by 90 MB)."""

from __future__ import annotations

import os

import numpy as np

from search import SearchQuery
from tests.unit.search.documents import make_doc


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_searching_between_writes_keeps_open_files_level(build_index):
    index = build_index([make_doc(i, f"Person {i}") for i in range(1, 41)])
    index.search(SearchQuery(text="skin"))
    for seq in range(1, 4):  # let the first generations settle
        index.apply([(seq, "upsert", make_doc(seq, f"Renamed {seq}"))])
        index.search(SearchQuery(text="skin"))
    before = open_files()
    for seq in range(4, 34):
        index.apply([(seq, "upsert", make_doc(seq, f"Renamed {seq}"))])
        assert index.search(SearchQuery(text=f"Renamed {seq}")).total >= 1
    # each kept generation held a dozen files here; 30 kept ones would be hundreds
    assert open_files() - before < 12


def test_a_search_still_running_on_an_old_generation_can_finish(build_index):
    index = build_index([make_doc(i, f"Person {i}") for i in range(1, 11)])
    old = index._generation()  # what a request that started before the write holds
    index.apply([(1, "upsert", make_doc(1, "Renamed One"))])
    index.search(SearchQuery(text="renamed"))  # the new generation replaces it
    assert old.row(0)["name"]  # its searcher is still open while the request holds it


def test_columns_stay_right_across_generations_that_share_segment_arrays(build_index):
    # Each generation joins its segments' columns and the segments keep views of the joined
    # array; the next generation joins those views with the new segment's column.
    docs = [make_doc(i, f"Person {i}", price_min=100 + i) for i in range(1, 31)]
    index = build_index(docs)

    def prices() -> tuple[dict[int, int], list[int]]:
        """Each listing's price column value, and the ids in price order."""
        gen = index._generation()
        column = gen.column("price_min")
        by_id = {int(gen.row(d)["id"]): int(column[d]) for d in np.flatnonzero(gen.live)}
        page = index.search(SearchQuery(sort="price", per_page=100))
        return by_id, [hit.id for hit in page.hits]

    _before, order = prices()
    assert order[:3] == [1, 2, 3]
    for seq, (doc_id, price) in enumerate([(5, 1), (7, 2), (5, 500)], start=1):
        index.apply([(seq, "upsert", make_doc(doc_id, f"Person {doc_id}", price_min=price))])
        index.search(SearchQuery(text="person"))
    after, order = prices()
    assert order[:3] == [7, 1, 2] and order[-1] == 5
    assert after[5] == 500 and after[7] == 2
    assert all(after[i] == 100 + i for i in range(1, 31) if i not in (5, 7))
