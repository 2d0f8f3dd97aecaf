"""The SQL of one table's rows: reads by condition, COPY, replace, purge, schema at start."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import sql

from mockserver.store.base import Record
from mockserver.store.postgres.database import Database
from mockserver.store.postgres.layout import COLUMNS, Layout

Where = str | sql.SQL | sql.Composed
# From this many rows a COPY is a bulk load, worth its ANALYZE (and FREEZE into an empty table).
BULK_ROWS = 1000


def _sql(where: Where) -> sql.SQL | sql.Composed:
    return sql.SQL(where) if isinstance(where, str) else where


class Rows:
    """The rows of one `Layout`'s table, read and written in the current transaction."""

    def __init__(self, database: Database, layout: Layout) -> None:
        self.database = database
        self.layout = layout
        self.table = sql.Identifier(layout.table)
        self.columns = [*COLUMNS, *layout.derived()]
        # The transaction that last emptied the table: a COPY in it may write frozen rows.
        self._truncated_in: object | None = None

    def create(self) -> None:
        """Create the table and its indexes if missing; rebuild extracted columns if stale."""
        with self.database.lock, self.database.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for statement in self.layout.ddl():
                cursor.execute(statement)
            key = f"layout:{self.layout.table}"
            if self.database.get_meta(key) != self.layout.fingerprint():
                self._rebuild()
                self.database.set_meta(key, self.layout.fingerprint())

    def select(self, what: str, where: Where, params: Sequence[Any], order: str = "") -> list[Any]:
        """Return the rows of `SELECT what ... WHERE where [ORDER BY order]`."""
        query = sql.SQL("SELECT {} FROM {} WHERE {}").format(sql.SQL(what), self.table, _sql(where))
        if order:
            query = sql.SQL("{} ORDER BY {}").format(query, sql.SQL(order))
        with self.database.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def one(self, where: Where, params: Sequence[Any]) -> Record | None:
        """Return the one record matching `where`, or None."""
        found = self.select("doc", where, params)
        return found[0][0] if found else None

    def docs(self, where: Where, params: Sequence[Any], order: str = "") -> list[Record]:
        """Return the records matching `where`."""
        return [row[0] for row in self.select("doc", where, params, order)]

    def ids(self, where: Where, params: Sequence[Any], order: str = "") -> list[str]:
        """Return the ids of the records matching `where`."""
        return [row[0] for row in self.select("id", where, params, order)]

    def count(self, where: Where, params: Sequence[Any]) -> int:
        """Return how many rows match `where`."""
        count: int = self.select("count(*)", where, params)[0][0]
        return count

    def ordered_ids(
        self, tenant: str, column: sql.Identifier, descending: bool, offset: int, limit: int
    ) -> list[str]:
        """Return a window of the tenant's active ids in `column` order, ties by id."""
        direction = sql.SQL("DESC" if descending else "ASC")
        query = sql.SQL(
            "SELECT id FROM {} WHERE tenant = %s AND active "
            "ORDER BY {} {}, id {} OFFSET %s LIMIT %s"
        ).format(self.table, column, direction, direction)
        # No table holds 2**62 rows: a larger offset (a huge page number) is past the end.
        offset = min(offset, 2**62)
        with self.database.cursor() as cursor:
            cursor.execute(query, [tenant, offset, limit])
            return [row[0] for row in cursor.fetchall()]

    def insert(self, records: Sequence[Record], active: Sequence[bool]) -> None:
        """Add the records in one COPY; soft-deleted ones get their deletion order.

        A bulk load (a seed, an import) into the table this transaction emptied is written
        frozen (visible to all, so counts read the index alone) and then analyzed (so the
        planner knows the tenants' sizes); both keep a list at 100,000 records from scanning
        the table.
        """
        deleted = self._next_deleted(active.count(False))
        names = sql.SQL(", ").join(map(sql.Identifier, self.columns))
        bulk = len(records) >= BULK_ROWS
        fresh = self._truncated_in is not None
        fresh = fresh and self._truncated_in is self.database.current_transaction()
        options = sql.SQL(" (FREEZE)" if bulk and fresh else "")
        copy = sql.SQL("COPY {} ({}) FROM STDIN{}").format(self.table, names, options)
        with self.database.cursor() as cursor:
            with cursor.copy(copy) as stream:
                for record, is_active in zip(records, active, strict=True):
                    stream.write_row(
                        self.layout.row(record, is_active, None if is_active else next(deleted))
                    )
            if bulk:
                cursor.execute(sql.SQL("ANALYZE {}").format(self.table))

    def replace(self, record: Record, active: bool) -> None:
        """Store `record` (same id) in place of its row; a soft delete takes a deletion order."""
        row = self.layout.row(record, active, None)
        names = self.columns[2:]  # not id and tenant, which never change
        assignments = sql.SQL(", ").join(
            sql.SQL("{} = %s").format(sql.Identifier(name)) for name in names
        )
        query = sql.SQL("UPDATE {} SET {} WHERE id = %s").format(self.table, assignments)
        values = list(row[2:])
        if not active:
            values[1] = next(self._next_deleted(1))
        with self.database.cursor() as cursor:
            cursor.execute(query, [*values, row[0]])

    def delete(self, where: Where, params: Sequence[Any]) -> None:
        """Delete the rows matching `where`."""
        query = sql.SQL("DELETE FROM {} WHERE {}").format(self.table, _sql(where))
        with self.database.cursor() as cursor:
            cursor.execute(query, params)

    def truncate(self) -> None:
        """Delete every row."""
        with self.database.cursor() as cursor:
            cursor.execute(sql.SQL("TRUNCATE {}").format(self.table))
        self._truncated_in = self.database.current_transaction()

    def purge(self, limit: int) -> list[Record]:
        """Delete the longest soft-deleted rows past `limit`; return their records."""
        query = sql.SQL(
            "DELETE FROM {t} WHERE id IN (SELECT id FROM {t} WHERE NOT active ORDER BY deleted_seq "
            "LIMIT greatest((SELECT count(*) FROM {t} WHERE NOT active) - %s, 0)) "
            "RETURNING doc, deleted_seq"
        ).format(t=self.table)
        with self.database.cursor() as cursor:
            cursor.execute(query, [limit])
            return [doc for doc, _ in sorted(cursor.fetchall(), key=lambda row: row[1])]

    def _next_deleted(self, count: int) -> Any:
        """Return an iterator of `count` new deletion orders."""
        if not count:
            return iter(())
        query = "SELECT nextval(%s) FROM generate_series(1, %s)"
        with self.database.cursor() as cursor:
            cursor.execute(query, [self.layout.deleted_seq, count])
            return iter([row[0] for row in cursor.fetchall()])

    def _rebuild(self) -> None:
        """Recompute every row's extracted columns from its record (after a layout change)."""
        for record_id, doc, active, deleted_seq in self.select(
            "id, doc, active, deleted_seq", "TRUE", []
        ):
            row = self.layout.row(doc, active, deleted_seq)
            assignments = sql.SQL(", ").join(
                sql.SQL("{} = %s").format(sql.Identifier(name)) for name in self.layout.derived()
            )
            query = sql.SQL("UPDATE {} SET {} WHERE id = %s").format(self.table, assignments)
            with self.database.cursor() as cursor:
                cursor.execute(query, [*row[len(COLUMNS) :], record_id])
