"""The sandboxes of a PostgreSQL store: one schema each, and one table that lists them.

The table lives beside the default data (the schema the mock's URL connects to) and every
replica reads it, so a sandbox is one sandbox on every replica: created by whichever replica
first sees its name, dropped by whichever notices it idle past the TTL. Its data, journal,
faults and clock are the default's tables in a schema of its own (`ck_sandbox_NAME`): the same
code serves them, with `search_path` pointing at that schema (`Database.in_schema`).
"""

from __future__ import annotations

from datetime import timedelta

from psycopg import sql

from mockserver.store.postgres.database import Database
from mockserver.store.sandboxes import SandboxEntry, too_many

SCHEMA_PREFIX = "ck_sandbox_"


def schema_of(name: str) -> str:
    """Return the schema that holds sandbox `name`'s tables."""
    return SCHEMA_PREFIX + name


class PostgresRegistry:
    """The sandboxes every replica of one database sees."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._table = sql.Identifier(database.home, "ck_sandboxes")
        with database.lock:
            self._run(
                'CREATE TABLE IF NOT EXISTS {t} (name text COLLATE "C" PRIMARY KEY, '
                "created timestamptz NOT NULL DEFAULT now(), "
                "last_used timestamptz NOT NULL DEFAULT now())"
            )

    def _run(self, statement: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        """Run `statement` ({t} is the table) in the current transaction; return its rows."""
        with self._database.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(t=self._table), params)
            return cursor.fetchall() if cursor.description else []

    def touch(self, name: str) -> bool:
        """Mark sandbox `name` used now; return False when it does not exist."""
        return bool(
            self._run("UPDATE {t} SET last_used = now() WHERE name = %s RETURNING 1", [name])
        )

    def add(self, name: str, limit: int) -> None:
        """Register a new sandbox; TooManySandboxes when `limit` of them exist already."""
        # Two replicas creating two sandboxes at once must not both take the last place.
        self._run("LOCK TABLE {t} IN SHARE ROW EXCLUSIVE MODE")
        count = self._run("SELECT count(*) FROM {t}")[0][0]
        assert isinstance(count, int)
        if count >= limit:
            raise too_many(limit)
        self._run("INSERT INTO {t} (name) VALUES (%s)", [name])

    def remove(self, name: str) -> bool:
        """Drop sandbox `name`'s schema and forget it; return whether it existed."""
        schema = schema_of(name)
        view = self._database.in_schema(schema)
        # Under the sandbox's own lock: a request on another replica finishes first.
        with view.lock, view.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )
            return bool(self._run("DELETE FROM {t} WHERE name = %s RETURNING 1", [name]))

    def idle(self, seconds: float) -> list[str]:
        """Return the sandboxes not used for more than `seconds`."""
        rows = self._run(
            "SELECT name FROM {t} WHERE last_used < now() - %s", [timedelta(seconds=seconds)]
        )
        return [str(row[0]) for row in rows]

    def entries(self) -> list[SandboxEntry]:
        """Return every sandbox, oldest first."""
        rows = self._run("SELECT name, created, last_used FROM {t} ORDER BY created, name")
        return [SandboxEntry(*row) for row in rows]  # type: ignore[arg-type]
