"""What replicas share besides the data: the journal, the faults and the write clock.

- The journal is one table of entries numbered by the database, trimmed to the newest `size`
  on every write: `GET /__admin/journal` on any replica lists every replica's requests.
- The faults are one row per operation. A draw that uses up a `times` fault updates its row
  in a transaction of its own (`FOR UPDATE`), so two replicas never both spend its last hit.
  Each replica draws `probability` from its own random generator, seeded like the memory one.
- The clock keeps the last write timestamp (milliseconds) in one row: each write takes the
  later of its replica's wall clock and that row plus one millisecond, so timestamps stay
  strictly increasing across replicas, even with their clocks apart.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Json

from mockserver.clock import Clock, iso_from_millis
from mockserver.errors import Unavailable
from mockserver.faults import Fault
from mockserver.journal import matches
from mockserver.store.postgres.database import Database

_log = logging.getLogger(__name__)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ck_journal (seq bigserial PRIMARY KEY, entry json NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ck_faults "
    "(operation_id text PRIMARY KEY, seq bigserial, fault json NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ck_clock (id int PRIMARY KEY, last_ms bigint NOT NULL)",
    "INSERT INTO ck_clock VALUES (1, 0) ON CONFLICT DO NOTHING",
)


def create_shared(database: Database) -> None:
    """Create the journal, faults and clock tables if they are missing."""
    with database.lock, database.cursor() as cursor:
        for statement in _SCHEMA:
            cursor.execute(statement)


class PostgresJournal:
    """The newest `size` requests of every replica."""

    def __init__(self, database: Database, size: int) -> None:
        self._database = database
        self._size = size

    @property
    def size(self) -> int:
        """Return how many entries the journal keeps at most."""
        return self._size

    def record(self, entry: dict[str, Any]) -> None:
        """Append one request's entry (numbered by the database) and drop the oldest.

        While the database is unreachable the entry is lost (and logged): the request itself
        already got its answer, a 503.
        """
        try:
            with self._database.cursor() as cursor:
                insert = "INSERT INTO ck_journal (entry) VALUES (%s) RETURNING seq"
                cursor.execute(insert, [Json(entry)])
                row = cursor.fetchone()
                assert row is not None
                cursor.execute("DELETE FROM ck_journal WHERE seq <= %s", [row[0] - self._size])
        except Unavailable as error:
            _log.warning("journal entry of %s lost: %s", entry.get("path"), error)

    def entries(self, filters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Return the entries, oldest first, that match every given filter."""
        with self._database.cursor() as cursor:
            cursor.execute(
                "SELECT seq, entry FROM ck_journal ORDER BY seq DESC LIMIT %s", [self._size]
            )
            rows = cursor.fetchall()
        wanted = {k: v for k, v in (filters or {}).items() if v is not None}
        entries = [{"seq": seq, **entry} for seq, entry in reversed(rows)]
        return [entry for entry in entries if matches(entry, wanted)]

    def clear(self) -> None:
        """Forget every entry (the numbering goes on)."""
        with self._database.cursor() as cursor:
            cursor.execute("DELETE FROM ck_journal")


class PostgresFaults:
    """The faults in force on every replica."""

    def __init__(self, database: Database, seed: int = 0) -> None:
        self._database = database
        self._random = random.Random(seed)

    def set(self, fault: Fault) -> None:
        """Put `fault` in force, replacing any fault of the same operation (in its place)."""
        with self._database.cursor() as cursor:
            cursor.execute(
                "INSERT INTO ck_faults (operation_id, fault) VALUES (%s, %s) "
                "ON CONFLICT (operation_id) DO UPDATE SET fault = EXCLUDED.fault",
                [fault.operationId, Json(fault.as_json())],
            )

    def remove(self, operation_id: str) -> bool:
        """Remove the fault of `operation_id`; return whether there was one."""
        with self._database.cursor() as cursor:
            cursor.execute("DELETE FROM ck_faults WHERE operation_id = %s", [operation_id])
            return cursor.rowcount > 0

    def all(self) -> list[Fault]:
        """Return the faults in force, oldest first."""
        with self._database.cursor() as cursor:
            cursor.execute("SELECT fault FROM ck_faults ORDER BY seq")
            return [Fault(**row[0]) for row in cursor.fetchall()]

    def draw(self, operation_id: str | None) -> Fault | None:
        """Return the fault that hits this request of `operation_id`, if any."""
        with self._database.transaction() as cursor:
            cursor.execute(
                "SELECT fault FROM ck_faults WHERE operation_id = %s FOR UPDATE",
                [operation_id or ""],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            fault = Fault(**row[0])
            if self._random.random() >= fault.probability:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    cursor.execute("DELETE FROM ck_faults WHERE operation_id = %s", [operation_id])
                else:
                    cursor.execute(
                        "UPDATE ck_faults SET fault = %s WHERE operation_id = %s",
                        [Json(fault.as_json()), operation_id],
                    )
            return fault

    def clear(self, seed: int = 0) -> None:
        """Remove every fault and restart this replica's random draws from `seed`."""
        with self._database.cursor() as cursor:
            cursor.execute("DELETE FROM ck_faults")
        self._random.seed(seed)


class PostgresClock(Clock):
    """Write timestamps strictly increasing across every replica."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._database = database

    def now(self) -> str:
        """Return the timestamp of a write happening now (at least 1 ms after any other)."""
        wall = datetime.now(UTC)
        millis = int(wall.timestamp() * 1000)
        with self._database.cursor() as cursor:
            cursor.execute(
                "UPDATE ck_clock SET last_ms = greatest(%s, last_ms + 1) WHERE id = 1 "
                "RETURNING last_ms",
                [millis],
            )
            row = cursor.fetchone()
        assert row is not None
        return iso_from_millis(row[0])
