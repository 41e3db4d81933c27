"""The bounded least-recently-used map behind the postings cache and per-generation caches."""

from __future__ import annotations

from search.lru import BoundedLRU


def test_least_recently_used_values_go_first_once_over_budget():
    cache: BoundedLRU[str, bytes] = BoundedLRU(10, len)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # now "b" is the least recently used
    cache.put("c", b"cccc")
    assert list(cache) == ["a", "c"]
    assert cache.get("b") is None


def test_a_value_larger_than_the_budget_is_still_kept_alone():
    cache: BoundedLRU[str, bytes] = BoundedLRU(3, len)
    cache.put("small", b"x")
    assert cache.put("big", b"0123456789") == b"0123456789"
    assert list(cache) == ["big"]


def test_the_first_value_kept_under_a_key_wins():
    cache: BoundedLRU[str, int] = BoundedLRU(5)
    assert cache.put("k", 1) == 1
    assert cache.put("k", 2) == 1
    assert cache.get_or_build("k", lambda: 3) == 1
    assert cache.get_or_build("new", lambda: 0) == 0  # a falsy value is kept too
    assert cache.get_or_build("new", lambda: 9) == 0


def test_counting_budget_and_dropping_by_key():
    cache: BoundedLRU[tuple[str, int], int] = BoundedLRU(3)
    for i in range(5):
        cache.put(("seg", i), i)
    assert list(cache) == [("seg", 2), ("seg", 3), ("seg", 4)]
    cache.drop_where(lambda key: key[1] % 2 == 0)
    assert list(cache) == [("seg", 3)]
    cache.put(("seg", 5), 5)
    cache.put(("seg", 6), 6)
    assert list(cache) == [("seg", 3), ("seg", 5), ("seg", 6)]  # the dropped sizes were freed
