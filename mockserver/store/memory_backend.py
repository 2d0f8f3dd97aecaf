"""The default backend: every table and relation in this process's memory, one RLock."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from mockserver.clock import Clock
from mockserver.faults import FaultBook
from mockserver.journal import Journal
from mockserver.store.memory import MemoryTable
from mockserver.store.memory_links import MemoryLinks
from mockserver.store.sandboxes import MemoryRegistry


class MemoryBackend:
    """Tables and links of one process; nothing outlives it (see `persistence` for files)."""

    name = "memory"

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._sandboxes = MemoryRegistry()

    def table(self, name: str, **options: Any) -> MemoryTable:
        """Return a new in-memory table."""
        return MemoryTable(name, **options)

    def links(self, name: str) -> MemoryLinks:
        """Return a new in-memory relation."""
        return MemoryLinks()

    def lock(self) -> AbstractContextManager[Any]:
        """Return the process's one lock."""
        return self._lock

    def saved_settings(self) -> dict[str, Any] | None:
        """Return None: a process's memory starts empty."""
        return None

    def save_settings(self, settings: Mapping[str, Any]) -> None:
        """Nothing to do: the state holds its settings itself."""

    def journal(self, size: int) -> Journal:
        """Return this process's journal."""
        return Journal(size)

    def faults(self) -> FaultBook:
        """Return this process's faults."""
        return FaultBook()

    def clock(self) -> Clock:
        """Return this process's clock."""
        return Clock()

    def sandbox(self, name: str) -> MemoryBackend:
        """Return a new backend for sandbox `name`: memory of its own, a lock of its own."""
        return MemoryBackend()

    def sandboxes(self) -> MemoryRegistry:
        """Return this process's registry of sandboxes."""
        return self._sandboxes

    def close(self) -> None:
        """Nothing to release."""
