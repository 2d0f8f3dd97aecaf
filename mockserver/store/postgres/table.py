"""`PostgresTable`: the `store.base.Table` interface over one PostgreSQL table (see `layout`).

Every call runs in the request's transaction (`database.SharedLock`), so the checks a write
makes before it writes (an id or a phone already taken) see what every replica committed, and
no other request can change it before the transaction ends. Writes keep the memory store's
contract: a record is replaced, never changed in place, and the record returned is the one
stored. The unique index is the database's own guard behind those checks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from psycopg import sql

from mockserver.search import field_matches
from mockserver.store.base import (
    Record,
    TableBasics,
    changeable,
    clash,
    duplicate,
    first_repeat,
)
from mockserver.store.memory import DELETED_LIMIT
from mockserver.store.postgres.active import ActiveView, OrderedIds
from mockserver.store.postgres.columns import like_pattern, needs_field_match
from mockserver.store.postgres.counts import ActiveCounts
from mockserver.store.postgres.database import Database
from mockserver.store.postgres.layout import Layout, unique_value
from mockserver.store.postgres.rows import Rows


class PostgresTable(TableBasics):
    """The records of one resource kind for all tenants, in a table shared by every replica."""

    def __init__(
        self,
        database: Database,
        name: str,
        *,
        singular: str | None = None,
        deleted_limit: int = DELETED_LIMIT,
        on_purge: Callable[[Record], None] | None = None,
        **shape: Any,
    ) -> None:
        self.layout = Layout(name, **shape)
        self.name = name
        self.singular = singular or name.removesuffix("s")
        self.id_field = self.layout.id_field
        self.tenant_field = self.layout.tenant_field
        self.deleted_field = self.layout.deleted_field
        self.sort_fields = tuple(self.layout.sort_fields)
        self.search_profiles = {p: tuple(f) for p, f in self.layout.search_profiles.items()}
        self.unique_fields = tuple(self.layout.unique_fields)
        self.deleted_limit = deleted_limit
        self._on_purge = on_purge
        self.rows = Rows(database, self.layout)
        self.rows.create()
        self.counts = ActiveCounts(database, self.layout.table)
        with database.lock:
            self.counts.create()

    # Reads.

    def get(self, tenant: str, record_id: str) -> Record | None:
        """Return the tenant's active record `record_id`, or None."""
        return self.rows.one("id = %s AND tenant = %s AND active", [record_id, tenant])

    def find(self, tenant: str, field: str, value: Any) -> Record | None:
        """Return the tenant's active record whose unique `field` is `value`, or None."""
        column = self.layout.unique_column(field)
        where = sql.SQL("tenant = %s AND active AND {} = %s").format(column)
        return self.rows.one(where, [tenant, unique_value(value)])

    def count(self, tenant: str) -> int:
        """Return how many active records the tenant has."""
        return self.counts.get(tenant)

    def active(self, tenant: str) -> Mapping[str, Record]:
        """Return a read-only id -> record view of the tenant's active records (lazy)."""
        return ActiveView(self, tenant)

    def snapshot(self) -> list[Record]:
        """Return every record, soft-deleted ones too, in insertion order."""
        return self.rows.docs("TRUE", [], order="seq")

    def size(self) -> int:
        """Return how many records the table holds, soft-deleted ones included."""
        return self.rows.count("TRUE", [])

    def ordered(self, tenant: str, field: str, descending: bool, start: int = 0) -> Iterator[str]:
        """Yield the ids of the tenant's active records in `field` order, from `start`."""
        return iter(
            OrderedIds(self.rows, tenant, self.layout.sort_column(field), descending, start)
        )

    def search(self, tenant: str, profile: str, term: str) -> set[str]:
        """Return the ids of the tenant's active records whose profile text contains `term`."""
        needle = term.casefold()
        if needs_field_match(needle):
            fields = self.search_profiles[profile]
            records = self.active(tenant)
            return {rid for rid, record in records.items() if field_matches(record, fields, needle)}
        where = sql.SQL("tenant = %s AND active AND {} LIKE %s").format(
            self.layout.search_column(profile)
        )
        return set(self.rows.ids(where, [tenant, like_pattern(needle)]))

    # Writes.

    def insert(self, record: Record) -> Record:
        """Add `record` and return it; raise Conflict on a duplicate id or unique value."""
        record_id = record[self.id_field]
        if self.rows.ids("id = %s", [record_id]):
            raise duplicate(self.singular, record_id)
        active = self.is_active(record)
        if active:
            self.check_unique(record[self.tenant_field], record)
        self.rows.insert([record], [active])
        if active:
            self.counts.add({record[self.tenant_field]: 1})
        else:
            self._purge()
        return record

    def update(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` to the tenant's active record and return it (Conflict, NotFound)."""
        record = changeable(self, tenant, record_id, changes)
        self.check_unique(tenant, changes, exclude_id=record_id)
        record.update(changes)
        self.rows.replace(record, active=True)
        return record

    def soft_delete(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` (which must set the deleted field) and hide the record."""
        if self.deleted_field is None or changes.get(self.deleted_field) is None:
            raise ValueError(f"soft-deleting {self.name} needs changes that set a deleted field")
        record = changeable(self, tenant, record_id, changes)
        record.update(changes)
        self.rows.replace(record, active=False)
        self.counts.add({tenant: -1})
        self._purge()
        return record

    def remove(self, tenant: str, record_id: str) -> Record:
        """Delete the tenant's active record for good (a hard delete) and return it."""
        record = changeable(self, tenant, record_id, {})
        self.rows.delete("id = %s", [record_id])
        self.counts.add({tenant: -1})
        return record

    def load(self, records: Iterable[Record]) -> None:
        """Add many records at once (COPY), all or none (Conflict)."""
        batch = list(records)
        ids = [record[self.id_field] for record in batch]
        repeat = first_repeat(ids, set(self.rows.ids("id = ANY(%s)", [ids])))
        if repeat is not None:
            raise duplicate(self.singular, repeat)
        flags = [self.is_active(record) for record in batch]
        active = [r for r, is_active in zip(batch, flags, strict=True) if is_active]
        self._check_unique_batch(active)
        self.rows.insert(batch, flags)
        self.counts.add(Counter(record[self.tenant_field] for record in active))
        self._purge()

    def limit_deleted(self, limit: int) -> None:
        """Keep at most `limit` soft-deleted records from now on, purging any beyond it."""
        self.deleted_limit = limit
        self._purge()

    def clear(self) -> None:
        """Remove every record, of every tenant (of every replica)."""
        self.rows.truncate()
        self.counts.clear()

    # Internals.

    def _check_unique_batch(self, records: list[Record]) -> None:
        """Raise Conflict if active `records` repeat a unique value or take one already used."""
        for field in self.unique_fields:
            by_tenant: dict[str, list[Any]] = {}
            for record in records:
                if (value := record.get(field)) is not None:
                    by_tenant.setdefault(record[self.tenant_field], []).append(value)
            for tenant, values in by_tenant.items():
                column = self.layout.unique_column(field)
                where = sql.SQL("tenant = %s AND active AND {} = ANY(%s)").format(column)
                taken = {
                    d[field]
                    for d in self.rows.docs(where, [tenant, list(map(unique_value, values))])
                }
                repeat = first_repeat(values, taken)
                if repeat is not None:
                    raise clash(self.singular, field, repeat)

    def _purge(self) -> None:
        """Purge the longest soft-deleted records past `deleted_limit` (and what links them)."""
        if self.deleted_field is None:
            return
        for record in self.rows.purge(self.deleted_limit):
            if self._on_purge is not None:
                self._on_purge(record)
