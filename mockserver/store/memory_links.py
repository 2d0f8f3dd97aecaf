"""A many-to-many relation between record ids, indexed both ways (e.g. audience -> contacts).

Like the store, it knows nothing of HTTP and takes no lock: the state's lock guards it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable


class MemoryLinks:
    """Pairs (left, right), kept in insertion order per left id."""

    def __init__(self) -> None:
        self._rights: dict[str, dict[str, None]] = {}
        self._lefts: dict[str, set[str]] = {}

    def add(self, left: str, right: str) -> bool:
        """Link `left` to `right`; return False when they were linked already."""
        rights = self._rights.setdefault(left, {})
        if right in rights:
            return False
        rights[right] = None
        self._lefts.setdefault(right, set()).add(left)
        return True

    def rights(self, left: str) -> Collection[str]:
        """Return the ids linked from `left`, oldest link first."""
        return self._rights.get(left, {}).keys()

    def count(self, left: str) -> int:
        """Return how many ids are linked from `left`."""
        return len(self._rights.get(left, ()))

    def has(self, left: str, right: str) -> bool:
        """Tell whether `left` links to `right`."""
        return right in self._rights.get(left, {})

    def drop_right(self, right: str) -> None:
        """Remove every link to `right` (a soft-deleted contact leaves every audience)."""
        for left in self._lefts.pop(right, set()):
            self._rights[left].pop(right, None)

    def drop_left(self, left: str) -> None:
        """Remove every link from `left` (a purged audience takes its memberships along)."""
        for right in self._rights.pop(left, {}):
            lefts = self._lefts[right]
            lefts.discard(left)
            if not lefts:
                del self._lefts[right]

    def pairs(self) -> list[tuple[str, str]]:
        """Return every pair, for export."""
        return [(left, right) for left, rights in self._rights.items() for right in rights]

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Add many pairs at once."""
        for left, right in pairs:
            self.add(left, right)

    def clear(self) -> None:
        """Forget every pair."""
        self._rights.clear()
        self._lefts.clear()
