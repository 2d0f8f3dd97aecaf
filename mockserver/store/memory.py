"""HTTP-agnostic in-memory storage: one `Table` per resource kind, holding every tenant's records.

Records are plain JSON-like dicts. Besides the records, a table keeps per tenant the indexes that
keep list requests cheap over 100,000 records: the active records by id, a sorted index per sort
field, a search index (`search.SearchIndex`: the casefolded text of each record per search
profile, in blocks scanned at C speed, and the live results of the terms searched last) and a
value -> id map per unique field. Every write keeps them all current. Soft-deleted records stay
in the table (they are exported) but in no index, up to `deleted_limit` of them: past it, the
longest deleted go for good, so that a long-lived mock does not grow with every test run.

Everything API-specific (the id, tenant and soft-delete field names, the sortable, searchable and
unique fields) is a constructor parameter, so one class serves APIs with different conventions.

Two contracts with callers:

- No locking here: the server holds one lock around all of its state, so a table is never
  entered by two threads at once.
- Reads return the stored dicts themselves, not copies, for speed. Callers must not mutate them
  except through `update` and `soft_delete`, or the indexes go stale. Writes replace a
  record's values, never change a nested value in place: so a one-level copy of the records
  (`snapshot`) is a consistent picture that later writes cannot tear.
"""

from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from sortedcontainers import SortedList

from mockserver.search import (
    FIELD_SEPARATOR,
    RECORD_SEPARATOR,
    Matches,
    SearchIndex,
    field_matches,
    search_text,
)
from mockserver.store.base import (
    Record,
    TableBasics,
    changeable,
    clash,
    duplicate,
    first_repeat,
    sort_key,
)

_NO_PROFILES: Mapping[str, Sequence[str]] = MappingProxyType({})
DELETED_LIMIT = 10_000  # soft-deleted records a table keeps; the longest deleted go first


class MemoryTable(TableBasics):
    """The records of one resource kind for all tenants, with their indexes, in memory."""

    def __init__(
        self,
        name: str,
        *,
        id_field: str = "id",
        tenant_field: str = "organizationId",
        deleted_field: str | None = "deletedAt",
        sort_fields: Sequence[str] = (),
        search_profiles: Mapping[str, Sequence[str]] = _NO_PROFILES,
        unique_fields: Sequence[str] = (),
        singular: str | None = None,
        deleted_limit: int = DELETED_LIMIT,
        on_purge: Callable[[Record], None] | None = None,
    ) -> None:
        self.name = name
        self.singular = singular or name.removesuffix("s")
        self.id_field = id_field
        self.tenant_field = tenant_field
        self.deleted_field = deleted_field
        self.sort_fields = tuple(sort_fields)
        self.search_profiles = {
            profile: tuple(fields) for profile, fields in search_profiles.items()
        }
        self.unique_fields = tuple(unique_fields)
        self.deleted_limit = deleted_limit
        self._on_purge = on_purge  # what else must forget a purged record (its links)
        self.clear()

    def clear(self) -> None:
        """Remove every record, of every tenant."""
        # All records by id, in insertion order (the export order); ids are unique across tenants.
        self._records: dict[str, Record] = {}
        # The ids of the soft-deleted records, in the order they were deleted (purged first).
        self._deleted: OrderedDict[str, None] = OrderedDict()
        # The per-tenant maps below only ever hold active records.
        self._active: defaultdict[str, dict[str, Record]] = defaultdict(dict)
        # field -> tenant -> SortedList of sort_key(value, id)
        self._sorted: dict[str, defaultdict[str, SortedList]] = {
            field: defaultdict(SortedList) for field in self.sort_fields
        }
        # tenant -> its search texts per profile, blocks and live results
        self._search: dict[str, SearchIndex] = {}
        # field -> tenant -> value -> id
        self._unique: dict[str, defaultdict[str, dict[Any, str]]] = {
            field: defaultdict(dict) for field in self.unique_fields
        }

    # Reads. They use .get() on the per-tenant maps so that an unknown tenant creates nothing.

    def get(self, tenant: str, record_id: str) -> Record | None:
        """Return the tenant's active record `record_id`, or None."""
        return self._active.get(tenant, {}).get(record_id)

    def find(self, tenant: str, field: str, value: Any) -> Record | None:
        """Return the tenant's active record whose unique `field` is `value`, or None."""
        record_id = self._unique[field].get(tenant, {}).get(value)
        return None if record_id is None else self._active[tenant][record_id]

    def count(self, tenant: str) -> int:
        """Return how many active records the tenant has."""
        return len(self._active.get(tenant, {}))

    def active(self, tenant: str) -> Mapping[str, Record]:
        """Return a read-only id -> record view of the tenant's active records."""
        return MappingProxyType(self._active.get(tenant, {}))

    def all_records(self) -> list[Record]:
        """Return every record of every tenant, soft-deleted ones too, in insertion order."""
        return list(self._records.values())

    def snapshot(self) -> list[Record]:
        """Return a copy of every record (`all_records`), which no later write changes."""
        return [dict(record) for record in self._records.values()]

    def size(self) -> int:
        """Return how many records the table holds, soft-deleted ones included."""
        return len(self._records)

    def ordered(self, tenant: str, field: str, descending: bool, start: int = 0) -> Iterator[str]:
        """Yield the ids of the tenant's active records in `field` order, from position `start`."""
        entries = self._sorted[field].get(tenant)
        if entries is None:
            return iter(())
        if descending:
            # Descending is the same list walked backwards, so ties come by descending id.
            window = entries.islice(stop=max(len(entries) - start, 0), reverse=True)
        else:
            window = entries.islice(start)
        return map(itemgetter(-1), window)

    def search(self, tenant: str, profile: str, term: str) -> Matches:
        """Return the ids of the tenant's active records whose profile text contains `term`.

        Matching is a case-insensitive literal substring test of each field: no wildcards. The
        ids come as a lazy set (`Matches`), valid until the next write: copy it to keep it.
        """
        fields = self.search_profiles[profile]
        needle = term.casefold()
        if FIELD_SEPARATOR in needle or RECORD_SEPARATOR in needle:
            # Such a term could match across two fields of the joined text: test each field.
            records = self._active.get(tenant, {})
            return Matches(
                {rid for rid, record in records.items() if field_matches(record, fields, needle)}
            )
        index = self._search.get(tenant)
        return Matches(set()) if index is None else index.matches(profile, needle)

    # Writes.

    def insert(self, record: Record) -> Record:
        """Add `record` and return it; raise Conflict on a duplicate id or unique value."""
        record_id = record[self.id_field]
        if record_id in self._records:
            raise duplicate(self.singular, record_id)
        active = self.is_active(record)
        if active:
            self.check_unique(record[self.tenant_field], record)
        self._records[record_id] = record
        if active:
            self._index(record[self.tenant_field], [record])
        else:
            self._keep_deleted([record_id])
        return record

    def update(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` to the tenant's active record and return it.

        Raises NotFound if there is no such active record, and Conflict, changing nothing, if a
        unique value is taken.
        """
        record = changeable(self, tenant, record_id, changes)
        self.check_unique(tenant, changes, exclude_id=record_id)
        self._rewrite(record, changes)
        return record

    def soft_delete(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` (which must set the deleted field); drop the record from the indexes."""
        if self.deleted_field is None or changes.get(self.deleted_field) is None:
            raise ValueError(f"soft-deleting {self.name} needs changes that set a deleted field")
        record = changeable(self, tenant, record_id, changes)
        self._rewrite(record, changes)
        self._keep_deleted([record_id])
        return record

    def remove(self, tenant: str, record_id: str) -> Record:
        """Delete the tenant's active record for good (a hard delete) and return it."""
        record = changeable(self, tenant, record_id, {})
        self._unindex(record)
        del self._records[record_id]
        return record

    def load(self, records: Iterable[Record]) -> None:
        """Add many records at once, all or none (Conflict), each sorted index in one sort."""
        batch = list(records)
        ids = [record[self.id_field] for record in batch]
        repeat = first_repeat(ids, self._records)
        if repeat is not None:
            raise duplicate(self.singular, repeat)
        active: defaultdict[str, list[Record]] = defaultdict(list)
        for record in batch:
            if self.is_active(record):
                active[record[self.tenant_field]].append(record)
        for tenant, tenant_records in active.items():
            self._check_unique_batch(tenant, tenant_records)
        self._records.update(zip(ids, batch, strict=True))
        for tenant, tenant_records in active.items():
            self._index(tenant, tenant_records)
        self._keep_deleted([r[self.id_field] for r in batch if not self.is_active(r)])

    def limit_deleted(self, limit: int) -> None:
        """Keep at most `limit` soft-deleted records from now on, purging any beyond it."""
        self.deleted_limit = limit
        self._keep_deleted([])

    # Internals.

    def _keep_deleted(self, record_ids: list[str]) -> None:
        """Note newly soft-deleted records; purge the longest deleted past `deleted_limit`."""
        self._deleted.update(dict.fromkeys(record_ids))
        while len(self._deleted) > self.deleted_limit:
            purged = self._records.pop(self._deleted.popitem(last=False)[0])
            if self._on_purge is not None:
                self._on_purge(purged)

    def _rewrite(self, record: Record, changes: Mapping[str, Any]) -> None:
        """Apply `changes` in place, moving the record in every index (out of them if deleted)."""
        # The old index entries are found by the old values, so they go before the record changes.
        self._unindex(record)
        record.update(changes)
        if self.is_active(record):
            self._index(record[self.tenant_field], [record])

    def _check_unique_batch(self, tenant: str, records: list[Record]) -> None:
        """Raise Conflict if active `records` repeat a unique value or take one already used."""
        for field, by_tenant in self._unique.items():
            values = [value for record in records if (value := record.get(field)) is not None]
            repeat = first_repeat(values, by_tenant.get(tenant, {}))
            if repeat is not None:
                raise clash(self.singular, field, repeat)

    def _index(self, tenant: str, records: list[Record]) -> None:
        """Add active records of `tenant` to every index, one index at a time."""
        # Index by index rather than record by record: a comprehension per index is what makes
        # load() fast, and a single write is just a batch of one.
        ids = [record[self.id_field] for record in records]
        self._active[tenant].update(zip(ids, records, strict=True))
        if self.search_profiles:
            if tenant not in self._search:
                self._search[tenant] = SearchIndex(self.search_profiles)
            texts = {
                profile: [search_text(record, fields) for record in records]
                for profile, fields in self.search_profiles.items()
            }
            self._search[tenant].add(ids, texts)
        for field, by_tenant in self._unique.items():
            by_tenant[tenant].update(
                (value, record_id)
                for record_id, record in zip(ids, records, strict=True)
                if (value := record.get(field)) is not None
            )
        for field, by_tenant in self._sorted.items():
            # SortedList.update sorts a big batch together with the current entries in one sort,
            # and inserts a small one entry by entry.
            by_tenant[tenant].update(
                [sort_key(record.get(field), record[self.id_field]) for record in records]
            )

    def _unindex(self, record: Record) -> None:
        """Remove an active record from every index."""
        tenant, record_id = record[self.tenant_field], record[self.id_field]
        del self._active[tenant][record_id]
        if self.search_profiles:
            self._search[tenant].remove(record_id)
        for field, values in self._unique.items():
            value = record.get(field)
            if value is not None:
                del values[tenant][value]
        for field, entries in self._sorted.items():
            entries[tenant].remove(sort_key(record.get(field), record_id))
