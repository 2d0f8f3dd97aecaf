"""`PostgresLinks`: the `store.base.Links` interface over one table of (left, right) pairs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from psycopg import sql

from mockserver.store.postgres.database import Database


class PostgresLinks:
    """Pairs (left, right) in insertion order, shared by every replica."""

    def __init__(self, database: Database, name: str) -> None:
        self._database = database
        self._name = "ck_links_" + re.sub(r"\W+", "_", name.lower())
        with database.lock:
            self._run(
                "CREATE TABLE IF NOT EXISTS {t} (seq bigserial, lft text NOT NULL, "
                "rgt text NOT NULL, PRIMARY KEY (lft, rgt))"
            )
            self._run("CREATE INDEX IF NOT EXISTS {i} ON {t} (rgt)")

    def add(self, left: str, right: str) -> bool:
        """Link `left` to `right`; return False when they were linked already."""
        added = self._run(
            "INSERT INTO {t} (lft, rgt) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING 1",
            [left, right],
        )
        return bool(added)

    def rights(self, left: str) -> list[str]:
        """Return the ids linked from `left`, oldest link first."""
        return [
            row[0] for row in self._run("SELECT rgt FROM {t} WHERE lft = %s ORDER BY seq", [left])
        ]

    def count(self, left: str) -> int:
        """Return how many ids are linked from `left`."""
        count: int = self._run("SELECT count(*) FROM {t} WHERE lft = %s", [left])[0][0]
        return count

    def has(self, left: str, right: str) -> bool:
        """Tell whether `left` links to `right`."""
        return bool(self._run("SELECT 1 FROM {t} WHERE lft = %s AND rgt = %s", [left, right]))

    def drop_right(self, right: str) -> None:
        """Remove every link to `right` (a soft-deleted contact leaves every audience)."""
        self._run("DELETE FROM {t} WHERE rgt = %s", [right])

    def drop_left(self, left: str) -> None:
        """Remove every link from `left` (a purged audience takes its memberships along)."""
        self._run("DELETE FROM {t} WHERE lft = %s", [left])

    def pairs(self) -> list[tuple[str, str]]:
        """Return every pair, for export: grouped by left id in order of its first link."""
        rows = self._run("SELECT lft, rgt FROM {t} ORDER BY min(seq) OVER (PARTITION BY lft), seq")
        return [(left, right) for left, right in rows]

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Add many pairs at once (a repeated pair is kept once)."""
        unique = list(dict.fromkeys(pairs))
        if not unique:
            return
        lefts, rights = [p[0] for p in unique], [p[1] for p in unique]
        self._run(
            "INSERT INTO {t} (lft, rgt) SELECT lft, rgt FROM unnest(%s::text[], %s::text[]) "
            "WITH ORDINALITY AS pair(lft, rgt, n) ORDER BY n ON CONFLICT DO NOTHING",
            [lefts, rights],
        )

    def clear(self) -> None:
        """Forget every pair."""
        self._run("TRUNCATE {t}")

    def _run(self, query: str, params: list[Any] | None = None) -> list[Any]:
        """Run `query` ({t}: the table, {i}: its index by right id) and return its rows."""
        statement = sql.SQL(query).format(
            t=sql.Identifier(self._name), i=sql.Identifier(f"{self._name}_rgt")
        )
        with self._database.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
