"""HTTP-agnostic in-memory storage: one `Table` per resource kind, holding every tenant's records.

Records are plain JSON-like dicts. Besides the records, a table keeps per tenant the indexes that
keep list requests cheap over 100,000 records: the active records by id, a sorted index per sort
field, a search text per search profile and a value -> id map per unique field. Every write keeps
them all current. Soft-deleted records stay in the table (they are exported) but in no index.

Everything API-specific (the id, tenant and soft-delete field names, the sortable, searchable and
unique fields) is a constructor parameter, so one class serves APIs with different conventions.

Two contracts with callers:

- No locking here: the server holds one lock around all of its state, so a table is never
  entered by two threads at once.
- Reads return the stored dicts themselves, not copies, for speed. Callers must not mutate them
  except through `update` and `soft_delete`, or the indexes go stale.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from sortedcontainers import SortedList

from mockserver.errors import Conflict, NotFound

Record = dict[str, Any]
SortKey = tuple[Any, ...]

_NO_PROFILES: Mapping[str, Sequence[str]] = MappingProxyType({})
# Joins a record's searchable values, so that a term cannot match across two fields.
_FIELD_SEPARATOR = "\x00"


def sort_key(value: Any) -> SortKey:
    """Return the key a field value sorts by, in the sorted indexes and in the query layer.

    The API spec fixes these semantics: strings compare case-insensitively (ISO-8601 timestamps
    too: casefolding keeps their order), numbers and booleans natively, and None after every
    value, so last in ascending order and first in descending order, as in PostgreSQL. The
    leading rank keeps numbers, strings and None apart, so a field of mixed types still sorts
    instead of raising TypeError.
    """
    if value is None:
        return (2,)
    if isinstance(value, str):
        return (1, value.casefold())
    return (0, value)


def _search_text(record: Record, fields: Sequence[str]) -> str:
    """Return the casefolded text a search profile matches terms against (None values skipped)."""
    values = [record.get(field) for field in fields]
    # Casefolding maps each character on its own, so one call on the joined text is enough.
    return _FIELD_SEPARATOR.join([str(value) for value in values if value is not None]).casefold()


class Table:
    """The records of one resource kind for all tenants, with their indexes."""

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
        self.clear()

    def clear(self) -> None:
        """Remove every record, of every tenant."""
        # All records by id, in insertion order (the export order); ids are unique across tenants.
        self._records: dict[str, Record] = {}
        # The per-tenant maps below only ever hold active records.
        self._active: defaultdict[str, dict[str, Record]] = defaultdict(dict)
        # field -> tenant -> SortedList of (sort key, id)
        self._sorted: dict[str, defaultdict[str, SortedList]] = {
            field: defaultdict(SortedList) for field in self.sort_fields
        }
        # profile -> tenant -> id -> search text
        self._search: dict[str, defaultdict[str, dict[str, str]]] = {
            profile: defaultdict(dict) for profile in self.search_profiles
        }
        # field -> tenant -> value -> id
        self._unique: dict[str, defaultdict[str, dict[Any, str]]] = {
            field: defaultdict(dict) for field in self.unique_fields
        }

    # Reads. They use .get() on the per-tenant maps so that an unknown tenant creates nothing.

    def is_active(self, record: Record) -> bool:
        """Return whether `record` is not soft-deleted."""
        return self.deleted_field is None or record.get(self.deleted_field) is None

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
        return map(itemgetter(1), window)

    def search(self, tenant: str, profile: str, term: str) -> set[str]:
        """Return the ids of the tenant's active records whose profile text contains `term`.

        Matching is a case-insensitive literal substring test: no wildcards.
        """
        needle = term.casefold()
        texts = self._search[profile].get(tenant, {})
        return {record_id for record_id, text in texts.items() if needle in text}

    def check_unique(
        self, tenant: str, changes: Mapping[str, Any], exclude_id: str | None = None
    ) -> None:
        """Raise Conflict if `changes` give a unique field a value another active record holds."""
        for field in self.unique_fields:
            value = changes.get(field)
            if value is None:
                continue
            holder = self._unique[field].get(tenant, {}).get(value)
            if holder is not None and holder != exclude_id:
                raise self._clash(field, value)

    # Writes.

    def insert(self, record: Record) -> Record:
        """Add `record` and return it; raise Conflict on a duplicate id or unique value."""
        record_id = record[self.id_field]
        if record_id in self._records:
            raise self._duplicate(record_id)
        active = self.is_active(record)
        if active:
            self.check_unique(record[self.tenant_field], record)
        self._records[record_id] = record
        if active:
            self._index(record)
        return record

    def update(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` to the tenant's active record and return it.

        Raises NotFound if there is no such active record, and Conflict, changing nothing, if a
        unique value is taken.
        """
        record = self._changeable(tenant, record_id, changes)
        self.check_unique(tenant, changes, exclude_id=record_id)
        self._rewrite(record, changes)
        return record

    def soft_delete(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` (which must set the deleted field); drop the record from the indexes."""
        if self.deleted_field is None or changes.get(self.deleted_field) is None:
            raise ValueError(f"soft-deleting {self.name} needs changes that set a deleted field")
        record = self._changeable(tenant, record_id, changes)
        self._rewrite(record, changes)
        return record

    def load(self, records: Iterable[Record]) -> None:
        """Add many records at once, all or none, building each sorted index with one sort."""
        batch = list(records)
        self._check_batch(batch)
        active: defaultdict[str, list[Record]] = defaultdict(list)
        for record in batch:
            self._records[record[self.id_field]] = record
            if self.is_active(record):
                self._index_lookups(record)
                active[record[self.tenant_field]].append(record)
        for tenant, tenant_records in active.items():
            for field, entries in self._sorted.items():
                # SortedList.update sorts a large batch together with the current entries at once.
                entries[tenant].update(
                    [(sort_key(r.get(field)), r[self.id_field]) for r in tenant_records]
                )

    # Internals.

    def _changeable(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Return the record `changes` are for; NotFound if not active, ValueError on a re-key."""
        record = self.get(tenant, record_id)
        if record is None:
            raise NotFound(f"{self.singular} {record_id!r} not found")
        for key in (self.id_field, self.tenant_field):
            # The indexes are keyed by these two, so changing them would corrupt them.
            if key in changes and changes[key] != record[key]:
                raise ValueError(f"the {key} of a {self.singular} cannot change")
        return record

    def _rewrite(self, record: Record, changes: Mapping[str, Any]) -> None:
        """Apply `changes` in place, moving the record in every index (out of them if deleted)."""
        # The old index entries are found by the old values, so they go before the record changes.
        self._unindex(record)
        record.update(changes)
        if self.is_active(record):
            self._index(record)

    def _check_batch(self, batch: list[Record]) -> None:
        """Raise Conflict if `batch` repeats an id or an active unique value, or reuses one."""
        ids: set[str] = set()
        claims: set[tuple[str, str, Any]] = set()
        for record in batch:
            record_id = record[self.id_field]
            if record_id in ids or record_id in self._records:
                raise self._duplicate(record_id)
            ids.add(record_id)
            if not self.is_active(record):
                continue
            tenant = record[self.tenant_field]
            for field in self.unique_fields:
                value = record.get(field)
                if value is None:
                    continue
                claim = (field, tenant, value)
                if claim in claims or value in self._unique[field].get(tenant, {}):
                    raise self._clash(field, value)
                claims.add(claim)

    def _sort_entry(self, record: Record, field: str) -> tuple[SortKey, str]:
        """Return the record's entry in the sorted index of `field`."""
        return sort_key(record.get(field)), record[self.id_field]

    def _index_lookups(self, record: Record) -> None:
        """Add an active record to every index but the sorted ones."""
        tenant, record_id = record[self.tenant_field], record[self.id_field]
        self._active[tenant][record_id] = record
        for profile, fields in self.search_profiles.items():
            self._search[profile][tenant][record_id] = _search_text(record, fields)
        for field, by_tenant in self._unique.items():
            value = record.get(field)
            if value is not None:
                by_tenant[tenant][value] = record_id

    def _index(self, record: Record) -> None:
        """Add an active record to every index."""
        self._index_lookups(record)
        for field, by_tenant in self._sorted.items():
            by_tenant[record[self.tenant_field]].add(self._sort_entry(record, field))

    def _unindex(self, record: Record) -> None:
        """Remove an active record from every index."""
        tenant, record_id = record[self.tenant_field], record[self.id_field]
        del self._active[tenant][record_id]
        for texts in self._search.values():
            del texts[tenant][record_id]
        for field, values in self._unique.items():
            value = record.get(field)
            if value is not None:
                del values[tenant][value]
        for field, entries in self._sorted.items():
            entries[tenant].remove(self._sort_entry(record, field))

    def _duplicate(self, record_id: str) -> Conflict:
        """Return the error for an id that is already taken."""
        return Conflict(f"{self.singular} {record_id!r} already exists")

    def _clash(self, field: str, value: Any) -> Conflict:
        """Return the error for a unique value that is already taken."""
        return Conflict(f"{field} {value!r} is already used by another {self.singular}")
