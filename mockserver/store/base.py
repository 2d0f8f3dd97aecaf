"""The storage interface every backend implements, and the sort semantics they share."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager
from typing import Any, Protocol

from mockserver.errors import Conflict, NotFound
from mockserver.faults import Fault
from mockserver.store.sandboxes import SandboxRegistry

Record = dict[str, Any]
SortKey = tuple[Any, ...]


def sort_key(value: Any, record_id: str = "") -> SortKey:
    """Return the key a field value sorts by; with `record_id`, its sorted-index entry.

    The API spec fixes these semantics: strings compare case-insensitively (ISO-8601 timestamps
    too: casefolding keeps their order), numbers and booleans natively, and None after every
    value, so last in ascending order and first in descending order, as in PostgreSQL. The
    leading rank keeps numbers, strings and None apart, so a field of mixed types still sorts
    instead of raising TypeError. The id comes last and breaks ties; it lives in the same flat
    tuple rather than in a (key, id) pair because that is one tuple per index entry instead of
    two: faster to sort, and half the objects for the garbage collector to scan.
    """
    if value is None:
        return (2, record_id)
    if isinstance(value, str):
        return (1, value.casefold(), record_id)
    return (0, value, record_id)


def missing(singular: str, record_id: str) -> NotFound:
    """Return the 404 of a record the client asked for ("Contact with id X not found")."""
    return NotFound(f"{singular.capitalize()} with id {record_id} not found")


def gone(singular: str, record_id: str) -> NotFound:
    """Return the error of a write to a record that is not (or no longer) active."""
    return NotFound(f"{singular} {record_id!r} not found")


def changeable(table: Table, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
    """Return the active record `changes` are for; NotFound if none, ValueError on a re-key."""
    record = table.get(tenant, record_id)
    if record is None:
        raise gone(table.singular, record_id)
    for key in (table.id_field, table.tenant_field):
        # Records are found (and indexed) by these two, so changing them would lose the record.
        if key in changes and changes[key] != record[key]:
            raise ValueError(f"the {key} of a {table.singular} cannot change")
    return record


def duplicate(singular: str, record_id: str) -> Conflict:
    """Return the error for an id that is already taken."""
    return Conflict(f"{singular} {record_id!r} already exists")


def clash(singular: str, field: str, value: Any) -> Conflict:
    """Return the error for a unique value that is already taken."""
    return Conflict(f"{field} {value!r} is already used by another {singular}")


def first_repeat(values: Iterable[Any], taken: Container[Any]) -> Any:
    """Return the first of `values` that `taken` holds or that repeats an earlier one, or None."""
    seen: set[Any] = set()
    for value in values:
        if value in seen or value in taken:
            return value
        seen.add(value)
    return None


class Table(Protocol):
    """The records of one resource kind for all tenants (see `memory.MemoryTable`).

    Reads return records the caller must not mutate; writes return the record as stored.
    Soft-deleted records are kept (exported) but invisible to every read but the snapshot.
    """

    name: str
    singular: str
    id_field: str
    tenant_field: str
    deleted_field: str | None
    sort_fields: tuple[str, ...]
    search_profiles: dict[str, tuple[str, ...]]
    unique_fields: tuple[str, ...]

    def clear(self) -> None:
        """Remove every record, of every tenant."""

    def get(self, tenant: str, record_id: str) -> Record | None:
        """Return the tenant's active record `record_id`, or None."""

    def require(self, tenant: str, record_id: str) -> Record:
        """Return the tenant's active record `record_id`; NotFound otherwise."""

    def find(self, tenant: str, field: str, value: Any) -> Record | None:
        """Return the tenant's active record whose unique `field` is `value`, or None."""

    def count(self, tenant: str) -> int:
        """Return how many active records the tenant has."""

    def active(self, tenant: str) -> Mapping[str, Record]:
        """Return a read-only id -> record view of the tenant's active records."""

    def snapshot(self) -> list[Record]:
        """Return a copy of every record, soft-deleted ones too, in insertion order."""

    def size(self) -> int:
        """Return how many records the table holds, soft-deleted ones included."""

    def ordered(self, tenant: str, field: str, descending: bool, start: int = 0) -> Iterator[str]:
        """Yield the ids of the tenant's active records in `field` order, from `start`."""

    def search(self, tenant: str, profile: str, term: str) -> AbstractSet[str]:
        """Return the ids of the tenant's active records whose profile text contains `term`."""

    def insert(self, record: Record) -> Record:
        """Add `record` and return it; Conflict on a duplicate id or unique value."""

    def update(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` to the tenant's active record and return it."""

    def soft_delete(self, tenant: str, record_id: str, changes: Mapping[str, Any]) -> Record:
        """Apply `changes` (which set the deleted field) and hide the record."""

    def remove(self, tenant: str, record_id: str) -> Record:
        """Delete the tenant's active record for good and return it."""

    def load(self, records: Iterable[Record]) -> None:
        """Add many records at once, all or none (Conflict)."""

    def limit_deleted(self, limit: int) -> None:
        """Keep at most `limit` soft-deleted records from now on."""


class TableBasics:
    """What every backend's table does the same way, over its own `get`."""

    singular: str
    id_field: str
    deleted_field: str | None
    unique_fields: tuple[str, ...]

    def get(self, tenant: str, record_id: str) -> Record | None:
        """Return the tenant's active record `record_id`, or None."""
        raise NotImplementedError

    def find(self, tenant: str, field: str, value: Any) -> Record | None:
        """Return the tenant's active record whose unique `field` is `value`, or None."""
        raise NotImplementedError

    def check_unique(
        self, tenant: str, changes: Mapping[str, Any], exclude_id: str | None = None
    ) -> None:
        """Raise Conflict if `changes` give a unique field a value another active record holds."""
        for field in self.unique_fields:
            value = changes.get(field)
            if value is None:
                continue
            holder = self.find(tenant, field, value)
            if holder is not None and holder[self.id_field] != exclude_id:
                raise clash(self.singular, field, value)

    def is_active(self, record: Record) -> bool:
        """Return whether `record` is not soft-deleted."""
        return self.deleted_field is None or record.get(self.deleted_field) is None

    def require(self, tenant: str, record_id: str) -> Record:
        """Return the tenant's active record `record_id`; NotFound ("Contact with id X ...")."""
        record = self.get(tenant, record_id)
        if record is None:
            raise missing(self.singular, record_id)
        return record


class Links(Protocol):
    """A many-to-many relation between record ids (see `memory_links.MemoryLinks`)."""

    def add(self, left: str, right: str) -> bool:
        """Link `left` to `right`; return False when they were linked already."""

    def rights(self, left: str) -> Collection[str]:
        """Return the ids linked from `left`, oldest link first."""

    def count(self, left: str) -> int:
        """Return how many ids are linked from `left`."""

    def has(self, left: str, right: str) -> bool:
        """Tell whether `left` links to `right`."""

    def drop_right(self, right: str) -> None:
        """Remove every link to `right`."""

    def drop_left(self, left: str) -> None:
        """Remove every link from `left`."""

    def pairs(self) -> list[tuple[str, str]]:
        """Return every pair, for export."""

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Add many pairs at once."""

    def clear(self) -> None:
        """Forget every pair."""


class RequestLog(Protocol):
    """The journal of requests (see `journal.Journal`), bounded to `size` entries."""

    @property
    def size(self) -> int:
        """Return how many entries the journal keeps at most."""

    def record(self, entry: dict[str, Any]) -> None:
        """Append one request's entry, numbering it."""

    def entries(self, filters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Return the entries, oldest first, that match every given filter."""

    def clear(self) -> None:
        """Forget every entry."""


class FaultTable(Protocol):
    """The faults in force (see `faults.FaultBook`)."""

    def set(self, fault: Fault) -> None:
        """Put `fault` in force, replacing any fault of the same operation."""

    def remove(self, operation_id: str) -> bool:
        """Remove the fault of `operation_id`; return whether there was one."""

    def all(self) -> list[Fault]:
        """Return the faults in force."""

    def draw(self, operation_id: str | None) -> Fault | None:
        """Return the fault that hits this request of `operation_id`, if any."""

    def clear(self, seed: int = 0) -> None:
        """Remove every fault and restart the random draws from `seed`."""


class WriteClock(Protocol):
    """Hands out write timestamps, strictly increasing (see `clock.Clock`)."""

    def wall(self) -> str:
        """Return the current time, not reserved for a write."""

    def now(self) -> str:
        """Return the timestamp of a write happening now."""


class Backend(Protocol):
    """Where the datasets keep their tables and links, and the lock every request holds."""

    name: str

    def table(self, name: str, **options: Any) -> Table:
        """Return the table `name` (options: those of `memory.MemoryTable`)."""

    def links(self, name: str) -> Links:
        """Return the relation `name`."""

    def lock(self) -> AbstractContextManager[Any]:
        """Return the lock (re-entrant) that makes a request atomic against all others."""

    def saved_settings(self) -> dict[str, Any] | None:
        """Return the seed settings the shared data was seeded with, None if never seeded."""

    def save_settings(self, settings: Mapping[str, Any]) -> None:
        """Remember the seed settings of the data (so a replica starting later adopts them)."""

    def journal(self, size: int) -> RequestLog:
        """Return the request journal, keeping `size` entries."""

    def faults(self) -> FaultTable:
        """Return the faults in force."""

    def clock(self) -> WriteClock:
        """Return the clock of write timestamps."""

    def sandbox(self, name: str) -> Backend:
        """Return the backend of sandbox `name`: data, journal, faults and lock of its own."""

    def sandboxes(self) -> SandboxRegistry:
        """Return the registry of sandboxes (on a shared store, every replica's)."""

    def close(self) -> None:
        """Release what the backend holds (connections)."""
