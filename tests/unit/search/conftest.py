"""Fixtures: a real Whoosh index in a temporary directory, built from small documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from search import SearchIndex


@pytest.fixture
def build_index(tmp_path) -> Iterator[Callable[..., SearchIndex]]:
    """build_index(docs, last_seq=0) -> a SearchIndex over exactly those documents."""
    opened: list[SearchIndex] = []

    def build(docs, last_seq: int = 0, lock_wait: float = 0.2) -> SearchIndex:
        index = SearchIndex(str(tmp_path / f"index{len(opened)}"), lock_wait=lock_wait)
        index.rebuild(docs, last_seq=last_seq)
        opened.append(index)
        return index

    yield build
    for index in opened:
        index.close()
