"""Lazy reads of one tenant's active records for `query.run`: a mapping, and an index walk.

`query.run` reads a table through `active()` (records by id, their count, all of them for an
in-memory sort) and `ordered()` (ids in a sort field's order, from a position). Over PostgreSQL
each is fetched only as far as the list layer reads it: a page walks a window of the sort
index, a record is fetched by id, and everything is fetched once, when it is all needed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from psycopg import sql

from mockserver.store.base import Record
from mockserver.store.postgres.rows import Rows

if TYPE_CHECKING:
    from mockserver.store.postgres.table import PostgresTable

# The first window of an index walk; each next one doubles, up to _LAST_WINDOW.
_FIRST_WINDOW, _LAST_WINDOW = 64, 8192


class ActiveView(Mapping[str, Record]):
    """The tenant's active records by id, read from the database as they are asked for."""

    def __init__(self, table: PostgresTable, tenant: str) -> None:
        self._table = table
        self._tenant = tenant
        self._all: dict[str, Record] | None = None
        # A view lives within one request, under the shared lock: its size cannot change.
        self._size: int | None = None

    def __getitem__(self, record_id: str) -> Record:
        if self._all is not None:
            return self._all[record_id]
        record = self._table.get(self._tenant, record_id)
        if record is None:
            raise KeyError(record_id)
        return record

    def __contains__(self, record_id: object) -> bool:
        if self._all is not None:
            return record_id in self._all
        return isinstance(record_id, str) and self._table.get(self._tenant, record_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        if self._all is not None:
            return len(self._all)
        if self._size is None:
            self._size = self._table.count(self._tenant)
        return self._size

    def _everything(self) -> dict[str, Record]:
        """Fetch every active record of the tenant once (for a sort or a filter of them all)."""
        if self._all is None:
            rows = self._table.rows.select("id, doc", "tenant = %s AND active", [self._tenant])
            self._all = dict(rows)
        return self._all


class OrderedIds:
    """The tenant's active ids in one sort column's order, fetched in growing windows."""

    def __init__(
        self, rows: Rows, tenant: str, column: sql.Identifier, descending: bool, start: int
    ) -> None:
        self._rows = rows
        self._tenant = tenant
        self._column = column
        self._descending = descending
        self._start = start

    def __iter__(self) -> Iterator[str]:
        offset, window = self._start, _FIRST_WINDOW
        while True:
            ids = self._rows.ordered_ids(
                self._tenant, self._column, self._descending, offset, window
            )
            yield from ids
            if len(ids) < window:
                return
            offset += window
            window = min(window * 2, _LAST_WINDOW)
