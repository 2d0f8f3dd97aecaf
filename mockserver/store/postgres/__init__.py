"""The PostgreSQL backend: tables and links in one database that many mock processes share.

Needs the `postgresql` extra (psycopg 3 and its pool); `store.open_backend` imports this
package only for a `postgresql://` store, so the memory store works without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from mockserver.store.postgres.database import Database
from mockserver.store.postgres.links import PostgresLinks
from mockserver.store.postgres.sandboxes import PostgresRegistry, schema_of
from mockserver.store.postgres.shared import (
    PostgresClock,
    PostgresFaults,
    PostgresJournal,
    create_shared,
)
from mockserver.store.postgres.table import PostgresTable


class PostgresBackend:
    """Tables in PostgreSQL; every request one transaction under one advisory lock."""

    name = "postgresql"

    def __init__(self, url: str | Database) -> None:
        # A Database is a sandbox's view of the store the default backend opened.
        self.database = Database(url) if isinstance(url, str) else url
        self.database.create_schema()
        create_shared(self.database)
        self._sandboxes: PostgresRegistry | None = None

    def table(self, name: str, **options: Any) -> PostgresTable:
        """Return the table `name`, created (or migrated) in the database."""
        return PostgresTable(self.database, name, **options)

    def links(self, name: str) -> PostgresLinks:
        """Return the relation `name`, created in the database."""
        return PostgresLinks(self.database, name)

    def lock(self) -> AbstractContextManager[Any]:
        """Return the lock every replica shares: a transaction holding an advisory lock."""
        return self.database.lock

    def saved_settings(self) -> dict[str, Any] | None:
        """Return the seed settings the database was seeded with, None if never seeded."""
        saved = self.database.get_meta("settings")
        return dict(saved) if isinstance(saved, dict) else None

    def save_settings(self, settings: Mapping[str, Any]) -> None:
        """Remember the seed settings of the data, for replicas starting later."""
        self.database.set_meta("settings", dict(settings))

    def journal(self, size: int) -> PostgresJournal:
        """Return the journal every replica records into."""
        return PostgresJournal(self.database, size)

    def faults(self) -> PostgresFaults:
        """Return the faults every replica obeys."""
        return PostgresFaults(self.database)

    def clock(self) -> PostgresClock:
        """Return the write clock every replica shares."""
        return PostgresClock(self.database)

    def sandbox(self, name: str) -> PostgresBackend:
        """Return the backend of sandbox `name`: its schema, created if missing."""
        return PostgresBackend(self.database.in_schema(schema_of(name)))

    def sandboxes(self) -> PostgresRegistry:
        """Return the registry of sandboxes every replica shares."""
        if self._sandboxes is None:
            self._sandboxes = PostgresRegistry(self.database)
        return self._sandboxes

    def close(self) -> None:
        """Close the connection pool."""
        self.database.close()
