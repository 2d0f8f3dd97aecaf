"""The registry of sandboxes: which exist, when each was created and last used.

The book of sandboxes (`mockserver.sandboxes`) keeps the open ones; the registry is what every
process of one mock agrees on. In memory it is this process's; on PostgreSQL it is a table that
every replica reads (`store.postgres.sandboxes`), so a sandbox one replica created is the same
sandbox on the others, and one replica dropping it drops it for all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from mockserver.errors import TooManySandboxes


@dataclass(frozen=True)
class SandboxEntry:
    """One sandbox as the registry knows it."""

    name: str
    created: datetime
    last_used: datetime


class SandboxRegistry(Protocol):
    """The sandboxes that exist (see `MemoryRegistry`)."""

    def touch(self, name: str) -> bool:
        """Mark sandbox `name` used now; return False when it does not exist."""

    def add(self, name: str, limit: int) -> None:
        """Register a new sandbox; TooManySandboxes when `limit` of them exist already."""

    def remove(self, name: str) -> bool:
        """Drop sandbox `name` and its data; return whether it existed."""

    def idle(self, seconds: float) -> list[str]:
        """Return the sandboxes not used for more than `seconds`."""

    def entries(self) -> list[SandboxEntry]:
        """Return every sandbox, oldest first."""


def too_many(limit: int) -> TooManySandboxes:
    """Return the error for one sandbox more than `limit`, saying how to make room."""
    return TooManySandboxes(
        f"The mock keeps at most {limit} sandboxes and a request named a new one: delete "
        "unused ones (DELETE /__admin/sandboxes/NAME), let idle ones expire (--sandbox-ttl), "
        "or start the mock with a higher --max-sandboxes"
    )


class MemoryRegistry:
    """The sandboxes of one process."""

    def __init__(self) -> None:
        self._entries: dict[str, SandboxEntry] = {}

    def touch(self, name: str) -> bool:
        """Mark sandbox `name` used now; return False when it does not exist."""
        entry = self._entries.get(name)
        if entry is None:
            return False
        self._entries[name] = replace(entry, last_used=datetime.now(UTC))
        return True

    def add(self, name: str, limit: int) -> None:
        """Register a new sandbox; TooManySandboxes when `limit` of them exist already."""
        if len(self._entries) >= limit:
            raise too_many(limit)
        now = datetime.now(UTC)
        self._entries[name] = SandboxEntry(name, now, now)

    def remove(self, name: str) -> bool:
        """Forget sandbox `name` (its data goes with its state); return whether it existed."""
        return self._entries.pop(name, None) is not None

    def idle(self, seconds: float) -> list[str]:
        """Return the sandboxes not used for more than `seconds`."""
        before = datetime.now(UTC) - timedelta(seconds=seconds)
        return [entry.name for entry in self._entries.values() if entry.last_used < before]

    def entries(self) -> list[SandboxEntry]:
        """Return every sandbox, oldest first."""
        return sorted(self._entries.values(), key=lambda entry: entry.created)
