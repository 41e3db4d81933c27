"""Switches for benchmarking the real app: the FTS5 baseline as its engine, no result cache."""

from __future__ import annotations

from directory import indexing
from directory.services import search as search_service


def disable_result_cache() -> bool:
    """Make the app's result cache keep nothing; False if the app has no such cache."""
    if not hasattr(search_service, "CACHE_SIZE"):
        return False
    search_service.CACHE_SIZE = 0
    search_service._cache.clear()
    return True


def use_fts5(path: str) -> None:
    """Answer the app's searches from the FTS5 database at ``path``."""
    from bench.fts5 import Fts5Index

    baseline = Fts5Index(path)
    indexing.get_index = lambda app=None: baseline
