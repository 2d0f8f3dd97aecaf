"""The PostgreSQL side of the shared store: a connection pool, and one transaction per request.

Every request that reads or writes the data holds `SharedLock`: a transaction on a pooled
connection that starts by taking one advisory transaction lock. So all the mock's processes
(replicas) serialize their requests exactly as one process does on its RLock, and the rules
above see a database no other request changes under them. The transaction makes a request all
or nothing (a rule that raises rolls back what it wrote). A read outside the lock (rendering an
audience's member count) runs on its own autocommit connection.

A database that cannot be reached makes the request fail with `Unavailable` (503 in the API's
error format); the pool checks each connection before lending it, so once the database is back
the next request works.
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Json
from psycopg_pool import ConnectionPool

from mockserver.errors import Unavailable

# The advisory lock every request takes: any number that no other program on the database uses.
LOCK_KEY = 0x636B_6D6B  # "ckmk"
META = "contactkit_meta"
START_TIMEOUT = 10.0  # seconds a mock waits at start for its database


@dataclass
class _Held:
    """The transaction the current request (or thread) holds, and how deeply it re-entered."""

    database: Database
    connection: psycopg.Connection[Any]
    transaction: AbstractContextManager[Any]
    token: Token[_Held | None] | None = None
    depth: int = 1


_held: ContextVar[_Held | None] = ContextVar("contactkit_transaction", default=None)


class Database:
    """A pool of connections to one database, opened at once (UsageError-worthy if it fails)."""

    def __init__(self, url: str, max_size: int = 8, timeout: float = 2.0) -> None:
        self.url = url
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            kwargs={"autocommit": True},
            check=ConnectionPool.check_connection,
            open=False,
        )
        with unavailable_on_failure():
            # At start a database may still be coming up (a compose file starting both).
            self.pool.open(wait=True, timeout=max(timeout, START_TIMEOUT))
        # A sandbox's view of the database (`in_schema`) has its own schema; this one has none.
        self.schema: str | None = None
        self.lock = SharedLock(self)
        with self.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            row = cursor.fetchone()
        # Where the default data lives; a sandbox's search path falls back to it (pg_trgm).
        self.home: str = row[0] if row and row[0] else "public"

    def in_schema(self, schema: str) -> Database:
        """Return a view of this database whose tables live in `schema` (same pool, own lock)."""
        view = copy.copy(self)
        view.schema = schema
        view.lock = SharedLock(view)
        return view

    def create_schema(self) -> None:
        """Create the schema (of a sandbox) and the meta table if they are missing."""
        with self.lock, self.cursor() as cursor:
            if self.schema is not None:
                cursor.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
                )
            cursor.execute(
                sql.SQL("CREATE TABLE IF NOT EXISTS {} (key text PRIMARY KEY, value json)").format(
                    sql.Identifier(META)
                )
            )

    def enter_schema(self, connection: psycopg.Connection[Any]) -> None:
        """Point the connection's current transaction at this view's schema (if it has one)."""
        if self.schema is not None:
            connection.execute(
                sql.SQL("SET LOCAL search_path TO {}, {}").format(
                    sql.Identifier(self.schema), sql.Identifier(self.home)
                )
            )

    @contextmanager
    def cursor(self) -> Iterator[psycopg.Cursor[Any]]:
        """Yield a cursor in the request's transaction, or on a connection of its own."""
        held = _held.get()
        with unavailable_on_failure():
            # Any view of the database uses the transaction held on it (the sandbox registry
            # names its table with its schema, so it reads the same in every view).
            if held is not None and held.database.pool is self.pool:
                with held.connection.cursor() as cursor:
                    yield cursor
                return
            if self.schema is None:
                with self.pool.connection() as connection, connection.cursor() as cursor:
                    yield cursor
                return
            with self.pool.connection() as connection, connection.transaction():
                self.enter_schema(connection)
                with connection.cursor() as cursor:
                    yield cursor

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor[Any]]:
        """Yield a cursor in a short transaction of its own (not under the shared lock)."""
        with (
            unavailable_on_failure(),
            self.pool.connection() as connection,
            connection.transaction(),
            connection.cursor() as cursor,
        ):
            self.enter_schema(connection)
            yield cursor

    def current_transaction(self) -> object | None:
        """Return a token of the shared-lock transaction this request holds here, or None."""
        held = _held.get()
        return held if held is not None and held.database is self else None

    def get_meta(self, key: str) -> Any:
        """Return the value stored under `key` in the meta table, or None."""
        with self.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT value FROM {} WHERE key = %s").format(sql.Identifier(META)), [key]
            )
            row = cursor.fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: Any) -> None:
        """Store `value` (JSON) under `key` in the meta table."""
        with self.cursor() as cursor:
            cursor.execute(
                sql.SQL(
                    "INSERT INTO {} VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = %s"
                ).format(sql.Identifier(META)),
                [key, Json(value), Json(value)],
            )

    def close(self) -> None:
        """Close every connection of the pool."""
        self.pool.close()


class SharedLock:
    """Re-entrant: a transaction holding the one advisory lock, shared by every replica."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def __enter__(self) -> SharedLock:
        held = _held.get()
        if held is not None and held.database is self._database:
            held.depth += 1
            return self
        pool = self._database.pool
        with unavailable_on_failure():
            connection = pool.getconn()
            try:
                transaction = connection.transaction()
                transaction.__enter__()
                self._take(connection)
            except BaseException:
                pool.putconn(connection)
                raise
        held = _Held(self._database, connection, transaction)
        held.token = _held.set(held)
        return self

    def _take(self, connection: psycopg.Connection[Any]) -> None:
        """Take the advisory lock: the default data's, or the sandbox's own."""
        schema = self._database.schema
        if schema is None:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return
        # The two-key form: a key space apart from the default's one-key lock.
        key = zlib.crc32(schema.encode()) - 2**31
        connection.execute("SELECT pg_advisory_xact_lock(%s::int4, %s::int4)", [LOCK_KEY, key])
        self._database.enter_schema(connection)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        held = _held.get()
        assert held is not None and held.token is not None
        held.depth -= 1
        if held.depth:
            return
        _held.reset(held.token)
        try:
            with unavailable_on_failure():
                # Commits, or rolls back when the request failed: nothing half-written.
                held.transaction.__exit__(kind, error, traceback)
        finally:
            self._database.pool.putconn(held.connection)
        if isinstance(error, psycopg.OperationalError):
            raise _unavailable(error) from error


@contextmanager
def unavailable_on_failure() -> Iterator[None]:
    """Turn a lost or refused database connection into `Unavailable` (503)."""
    try:
        yield
    except psycopg.OperationalError as error:
        raise _unavailable(error) from error


def _unavailable(error: Exception) -> Unavailable:
    """Return the 503 for a database that cannot be reached."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Unavailable(
        f"The mock's database is unavailable ({reason}): retry once PostgreSQL answers again"
    )
