"""A small memory of the latest few values, oldest dropped first.

The stages of one article run one after the other and hand each other what
they found (the parse, time mentions, places and actors) in memory; a few
articles' worth is all any of them needs.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """The last ``size`` values put, by key; putting one more forgets the oldest."""

    def __init__(self, size: int = 4) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        self.size = size
        self._items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._items.get(key)

    def put(self, key: K, value: V) -> None:
        if key not in self._items and len(self._items) >= self.size:
            self._items.pop(next(iter(self._items)))
        self._items[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)
