"""The request journal: what was called, by which key, with which status; bounded."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from itertools import count
from typing import Any

Entry = dict[str, Any]


class Journal:
    """The most recent requests, oldest dropped first once `size` is reached."""

    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[Entry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._sequence = count(1)

    @property
    def size(self) -> int:
        """Return how many entries the journal keeps at most."""
        return self._entries.maxlen or 0

    def record(self, entry: Entry) -> None:
        """Append one request's entry, numbering it."""
        with self._lock:
            self._entries.append({"seq": next(self._sequence), **entry})

    def entries(self, filters: Mapping[str, Any] | None = None) -> list[Entry]:
        """Return the entries, oldest first, that match every given filter.

        `path` matches as a prefix; every other filter (method, operationId, status, apiKey,
        organizationId) must be equal.
        """
        with self._lock:
            entries = list(self._entries)
        wanted = {k: v for k, v in (filters or {}).items() if v is not None}
        return [entry for entry in entries if matches(entry, wanted)]

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


def matches(entry: Entry, wanted: Mapping[str, Any]) -> bool:
    """Return whether a journal entry passes every filter of `wanted` (see `entries`)."""
    for key, value in wanted.items():
        if key == "path":
            if not str(entry.get("path", "")).startswith(value):
                return False
        elif key == "method":
            if str(entry.get("method", "")).upper() != str(value).upper():
                return False
        elif entry.get(key) != value:
            return False
    return True
