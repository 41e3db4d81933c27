"""Every write makes a new generation; a process that serves searches between writes must let
go of each old one when its last search ends, or its memory and open files grow with every
edit (two writes a second grew a 100,000-listing worker by 90 MB)."""

from __future__ import annotations

import os

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
