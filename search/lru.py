"""A thread-safe least-recently-used map within a budget, for arrays a process's requests share."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class BoundedLRU(Generic[K, V]):
    """Values by key; the least recently used are dropped while the values' sizes (``size``,
    one each by default) sum to more than ``budget``. The newest value is always kept, whatever
    its size."""

    def __init__(self, budget: int, size: Callable[[V], int] = _one) -> None:
        self.budget = budget
        self._size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` unless a value is kept there already; the kept one."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                return kept
            self._entries[key] = value
            self._total += self._size(value)
            while self._total > self.budget and len(self._entries) > 1:
                _key, dropped = self._entries.popitem(last=False)
                self._total -= self._size(dropped)
            return value

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        """The value under ``key``, else ``build()``'s, kept. It is built outside the lock (a
        build may use the map itself); two threads may build it at once, and the first kept
        is the one both get."""
        found = self.get(key)
        return found if found is not None else self.put(key, build())

    def drop_where(self, unwanted: Callable[[K], bool]) -> None:
        """Forget every value whose key is ``unwanted``."""
        with self._lock:
            for key in [k for k in self._entries if unwanted(k)]:
                self._total -= self._size(self._entries.pop(key))

    def __iter__(self) -> Iterator[K]:
        with self._lock:
            return iter(list(self._entries))
