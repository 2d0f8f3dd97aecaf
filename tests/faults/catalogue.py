"""The fault catalogue: single semantic deviations of the mock that a real server could have.

Each `Fault` patches the running mock in-process through a `pytest.MonkeyPatch`, so a
`contactkit check` subprocess talking to that mock meets a server with exactly one bug. The
patches replace the mock's functions and methods (rules, rendering, validation, middleware);
no mock source file changes. Use `applied(fault, mock)` around the run: it patches, re-seeds
(some faults act when records are indexed, so the seed data must be indexed under the patch),
and restores the mock afterwards.

Every fault names the checks of our suite that must catch it; `tests/test_fault_catalogue.py`
asserts they do, and `measure_kill_rate.py` compares with a plain `schemathesis run`.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.datastructures import Headers
from starlette.types import Message, Receive, Scope, Send

from mockserver import errors_http, query, store
from mockserver.apis import GOMOBILE, Api
from mockserver.errors import BadRequest, MockError, NotFound
from mockserver.gomobile import audiences as audiences_module
from mockserver.gomobile import contacts as contacts_module
from mockserver.gomobile import handlers
from mockserver.gomobile.audiences import Audiences
from mockserver.gomobile.contacts import Contacts
from mockserver.middleware import FaultInjector, RequestGuard, operation_id
from mockserver.query import ListQuery, Page
from mockserver.search import search_text
from mockserver.state import Caller, State
from mockserver.store import Record
from mockserver.store.memory import MemoryTable
from mockserver.store.memory_links import MemoryLinks
from mockserver.testing import MockServer
from mockserver.validation import AllParametersValidator, StrictJSONBodyValidator

Patch = Callable[[pytest.MonkeyPatch, MockServer], None]


@dataclasses.dataclass(frozen=True)
class Fault:
    """One deviation: its id, what it does, the checks that must catch it, and its patch.

    `evidence`, when set, is text the suite's output must contain besides the check's name:
    for the `schemathesis` check, the title of the Schemathesis failure the fault causes.
    `breaks` names the rule classes (`contracts.rules.RULE_KINDS`) of the rules it breaks.
    """

    id: str
    description: str
    checks: tuple[str, ...]
    patch: Patch
    evidence: str | None = None
    breaks: tuple[str, ...] = ()


Register = Callable[..., Callable[[Patch], Patch]]


def registrar(catalogue: list[Fault]) -> Register:
    """Return a decorator factory that registers patch functions as entries of `catalogue`."""

    def fault(
        fault_id: str,
        description: str,
        *checks: str,
        evidence: str | None = None,
        breaks: tuple[str, ...] = (),
    ) -> Callable[[Patch], Patch]:
        def register(patch: Patch) -> Patch:
            catalogue.append(Fault(fault_id, description, checks, patch, evidence, breaks))
            return patch

        return register

    return fault


# The Gomobile API's faults; client_catalogue.py holds the client contacts API's.
CATALOGUE: list[Fault] = []
fault = registrar(CATALOGUE)


def by_id(fault_id: str) -> Fault:
    """Return the catalogue entry `fault_id`."""
    return next(f for f in CATALOGUE if f.id == fault_id)


@contextmanager
def applied(entry: Fault, mock: MockServer) -> Iterator[None]:
    """Run the block against `mock` with `entry`'s deviation, then give the mock back clean."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        entry.patch(monkeypatch, mock)
        # After the patch: a fault in indexing (search text, sort keys) must shape the seed
        # data's indexes too, or records created by the run and seeded ones would disagree.
        mock.reset()
        try:
            yield
        finally:
            monkeypatch.undo()
            # Indexes built under the patch must not outlive it.
            mock.reset()


# Shared pieces of the patches ------------------------------------------------------------------


def _contact_lists(monkeypatch: pytest.MonkeyPatch, run: Callable[..., Page]) -> None:
    """Route the contact lists (all contacts, an audience's contacts) through `run`."""
    monkeypatch.setattr(contacts_module, "run", run)


def _all_lists(monkeypatch: pytest.MonkeyPatch, run: Callable[..., Page]) -> None:
    """Route every list (contacts, audiences, an audience's contacts) through `run`."""
    monkeypatch.setattr(contacts_module, "run", run)
    monkeypatch.setattr(audiences_module, "run", run)


def _find_any_organization(table: MemoryTable, record_id: str) -> Record | None:
    """Look a record up by id alone, as a query that forgets `organizationId = ?` does."""
    return next(
        (r for r in table.all_records() if r["id"] == record_id and table.is_active(r)), None
    )


def _tolerate_duplicate_phones(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the tables unindex a record whose unique value a fault let another record share.

    A fault that lets two contacts share a phone leaves one phone -> id entry for both; without
    this the second one's delete would fail (a KeyError, a 500), and the suite's cleanup would
    trip on it instead of on the fault under test.
    """
    original = MemoryTable._unindex

    def unindex(self: MemoryTable, record: Record) -> None:
        tenant, record_id = record[self.tenant_field], record[self.id_field]
        displaced = {}
        for field, by_tenant in self._unique.items():
            value = record.get(field)
            holder = by_tenant[tenant].get(value) if value is not None else None
            if value is not None and holder != record_id:
                displaced[field] = (value, holder)
                by_tenant[tenant][value] = record_id
        original(self, record)
        for field, (value, holder) in displaced.items():
            if holder is not None:
                self._unique[field][tenant][value] = holder

    monkeypatch.setattr(MemoryTable, "_unindex", unindex)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _accept_query_value(
    monkeypatch: pytest.MonkeyPatch, name: str, accepts: Callable[[Any], bool]
) -> None:
    """Let query parameter `name` through validation when `accepts(value)`."""
    original = AllParametersValidator._check

    def check(
        self: AllParametersValidator, where: str, param: dict[str, Any], validator: Any, value: Any
    ) -> Any:
        if where == "query" and param["name"] == name and accepts(value):
            return []
        return original(where, param, validator, value)

    monkeypatch.setattr(AllParametersValidator, "_check", check)


def _change_list_query(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    """Rewrite the list parameters (page, limit, search, sort_by, sort_order) handlers receive."""
    original = handlers.list_query

    def list_query(
        page: int,
        limit: int,
        search: str | None,
        sort_by: str,
        sort_order: str,
        profile: str = "default",
    ) -> ListQuery:
        given = {
            "page": page,
            "limit": limit,
            "search": search,
            "sort_by": sort_by,
            "sort_order": sort_order,
        }
        return original(**change(given), profile=profile)

    monkeypatch.setattr(handlers, "list_query", list_query)


Rewrite = Callable[
    [int, list[tuple[bytes, bytes]], bytes], tuple[int, list[tuple[bytes, bytes]], bytes]
]


def _rewrite_responses(monkeypatch: pytest.MonkeyPatch, operation: str, rewrite: Rewrite) -> None:
    """Pass the successful responses of `operation` through `rewrite(status, headers, body)`.

    Done in one of the mock's middlewares (FaultInjector), outside the handlers, where a
    server's framework shapes its responses; errors raised by the handler pass by untouched.
    """
    original = FaultInjector.__call__

    async def call(self: FaultInjector, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or operation_id(scope) != operation:
            await original(self, scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def rewriting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            status, headers, body = rewrite(
                start["status"], list(start["headers"]), b"".join(chunks)
            )
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            if status != 204:
                headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await original(self, scope, receive, rewriting_send)

    monkeypatch.setattr(FaultInjector, "__call__", call)


# Pagination ------------------------------------------------------------------------------------


@fault(
    "total-pages-off-by-one",
    "totalPages = total // limit + 1: one page too many on exact multiples and empty lists",
    "pagination",
    breaks=("pagination",),
)
def _total_pages_off_by_one(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(Page, "total_pages", property(lambda self: self.total // self.limit + 1))


@fault(
    "has-next-on-last-page",
    "hasNextPage computed as page <= totalPages: true on the last page",
    "pagination",
    breaks=("pagination",),
)
def _has_next_on_last_page(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(Page, "has_next", property(lambda self: self.page <= self.total_pages))


@fault(
    "has-previous-always-false",
    "hasPreviousPage is always false, even on page 2",
    "pagination",
    breaks=("pagination",),
)
def _has_previous_always_false(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(Page, "has_previous", property(lambda self: False))


@fault(
    "limit-plus-one",
    "lists slice [offset, offset + limit] inclusive: one item more than limit per page",
    "pagination",
    breaks=("pagination",),
)
def _limit_plus_one(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def run(table: MemoryTable, tenant: str, wanted: ListQuery, **options: Any) -> Page:
        page = query.run(table, tenant, wanted, **options)
        wider = dataclasses.replace(wanted, page=1, limit=wanted.offset + wanted.limit + 1)
        items = query.run(table, tenant, wider, **options).items[wanted.offset :]
        return dataclasses.replace(page, items=items)

    _all_lists(monkeypatch, run)


@fault(
    "page-past-end-404",
    "a page after the last one answers 404 instead of 200 with empty data",
    "pagination",
    breaks=("status", "assumption"),
)
def _page_past_end_404(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def run(table: MemoryTable, tenant: str, wanted: ListQuery, **options: Any) -> Page:
        page = query.run(table, tenant, wanted, **options)
        if wanted.page > 1 and not page.items:
            raise NotFound(f"Page {wanted.page} does not exist")
        return page

    _all_lists(monkeypatch, run)


# Limits ----------------------------------------------------------------------------------------


@fault(
    "limit-clamped",
    "limit above 100 is clamped to 100 (200) instead of rejected with 400",
    "limits",
    breaks=("bound", "status"),
)
def _limit_clamped(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _accept_query_value(monkeypatch, "limit", lambda value: (_as_int(value) or 0) > 100)
    _change_list_query(monkeypatch, lambda given: {**given, "limit": min(given["limit"], 100)})


@fault(
    "page-zero-accepted",
    "page=0 is served as page 1 instead of rejected with 400",
    "limits",
    breaks=("bound", "status"),
)
def _page_zero_accepted(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _accept_query_value(monkeypatch, "page", lambda value: _as_int(value) == 0)
    _change_list_query(monkeypatch, lambda given: {**given, "page": max(given["page"], 1)})


def _drop_body_messages(monkeypatch: pytest.MonkeyPatch, dropped: Callable[[str], bool]) -> None:
    """Let request bodies through validation when every violation is one `dropped` matches."""
    original = StrictJSONBodyValidator._validate

    def validate(self: StrictJSONBodyValidator, body: Any) -> dict[str, Any] | None:
        try:
            return original(self, body)
        except BadRequest as error:
            messages = error.messages if isinstance(error.messages, list) else [error.messages]
            kept = [m for m in messages if not dropped(m)]
            if kept:
                raise BadRequest(kept) from None
            return None

    monkeypatch.setattr(StrictJSONBodyValidator, "_validate", validate)


@fault(
    "first-name-max-length-unenforced",
    "firstName's maxLength 64 is not enforced on create and update (65 characters accepted)",
    "limits",
    breaks=("bound",),
)
def _first_name_max_length_unenforced(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    dropped = "firstName must be shorter than or equal to 64 characters"
    _drop_body_messages(monkeypatch, lambda message: message == dropped)


@fault(
    "upsert-item-last-name-unbounded",
    "an upsert item's lastName may pass maxLength 64 (create still enforces it)",
    "limits",
    breaks=("nested-bound",),
)
def _upsert_item_last_name_unbounded(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    item_message = re.compile(r"data\.\d+\.lastName must be shorter than or equal to 64 characters")
    _drop_body_messages(monkeypatch, lambda message: bool(item_message.fullmatch(message)))


@fault(
    "custom-attribute-type-unchecked",
    "a custom attribute value of the wrong type is stored (unknown names are still a 400)",
    "limits",
    breaks=("assumption",),
)
def _custom_attribute_type_unchecked(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = contacts_module.attribute_errors

    def attribute_errors(*args: Any, **options: Any) -> list[str]:
        return [m for m in original(*args, **options) if " must be " not in m]

    monkeypatch.setattr(contacts_module, "attribute_errors", attribute_errors)


# Lifecycle -------------------------------------------------------------------------------------

# The optional fields of a contact that a replacing PUT sets to null when they are not sent.
_REPLACEABLE = (
    "firstName",
    "lastName",
    "fullName",
    "primaryEmail",
    "address",
    "city",
    "state",
    "zip",
    "occupation",
    "gender",
)


@fault(
    "put-replaces-contact",
    "PUT /api/contact/{id} replaces the contact: optional fields not sent become null",
    "lifecycle",
    breaks=("assumption",),
)
def _put_replaces_contact(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = Contacts._changes

    def changes(
        self: Contacts, caller: Caller, current: Record, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        return original(self, caller, current, {**dict.fromkeys(_REPLACEABLE), **body})

    monkeypatch.setattr(Contacts, "_changes", changes)


@fault(
    "updated-at-not-moved", "an update keeps the old updatedAt", "lifecycle", breaks=("assumption",)
)
def _updated_at_not_moved(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = Contacts._changes

    def changes(
        self: Contacts, caller: Caller, current: Record, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        return {**original(self, caller, current, body), "updatedAt": current["updatedAt"]}

    monkeypatch.setattr(Contacts, "_changes", changes)


@fault(
    "deleted-contact-still-listed",
    "a soft-deleted contact is 404 by id but still listed (the list forgets deletedAt IS NULL)",
    "lifecycle",
    breaks=("assumption",),
)
def _deleted_contact_still_listed(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original_active, original_get = MemoryTable.is_active, Contacts.get
    contacts = mock.state.gomobile.contacts

    def is_active(self: MemoryTable, record: Record) -> bool:
        # The list side of the contacts table no longer tells deleted records apart.
        return True if self is contacts else original_active(self, record)

    def get(self: Contacts, caller: Caller, contact_id: str) -> Record:
        # Get by id (and so update and delete) still checks deletedAt.
        record = original_get(self, caller, contact_id)
        if record["deletedAt"] is not None:
            raise NotFound(f"Contact with id {contact_id} not found")
        return record

    monkeypatch.setattr(MemoryTable, "is_active", is_active)
    monkeypatch.setattr(Contacts, "get", get)


@fault(
    "deleted-contact-still-counted",
    "meta.total of contact lists counts soft-deleted contacts (the count query forgets them)",
    "lifecycle",
    breaks=("assumption", "pagination"),
)
def _deleted_contact_still_counted(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def run(
        table: MemoryTable,
        tenant: str,
        wanted: ListQuery,
        *,
        within: Collection[str] | None = None,
        **options: Any,
    ) -> Page:
        page = query.run(table, tenant, wanted, within=within, **options)
        fields = table.search_profiles[wanted.search_profile]
        needle = (wanted.search or "").casefold()
        deleted = [
            r
            for r in table.all_records()
            if r[table.tenant_field] == tenant
            and not table.is_active(r)
            and (within is None or r["id"] in within)
            and needle in search_text(r, fields)
        ]
        return dataclasses.replace(page, total=page.total + len(deleted))

    _contact_lists(monkeypatch, run)


@fault(
    "deleted-contact-kept-in-audience-count",
    "a deleted contact keeps its memberships: not in the member list, still in contactCount",
    "lifecycle",
    breaks=("assumption",),
)
def _deleted_contact_kept_in_audience_count(
    monkeypatch: pytest.MonkeyPatch, mock: MockServer
) -> None:
    monkeypatch.setattr(MemoryLinks, "drop_right", lambda self, right: None)


@fault(
    "delete-answers-204",
    "DELETE /api/contact/{id} answers 204 with no body instead of 200 with the deleted contact",
    "lifecycle",
    breaks=("status",),
)
def _delete_answers_204(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def no_content(
        status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if status != 200:
            return status, headers, body
        return 204, [(k, v) for k, v in headers if k.lower() != b"content-type"], b""

    _rewrite_responses(monkeypatch, "deleteContact", no_content)


def _serve_deleted(
    monkeypatch: pytest.MonkeyPatch, mock: MockServer, method: Callable[..., Record]
) -> None:
    """Make the Contacts `method` answer with a soft-deleted contact instead of 404."""

    def serve(self: Contacts, caller: Caller, contact_id: str) -> Record:
        contacts = mock.state.gomobile.contacts
        deleted = next(
            (
                r
                for r in contacts.all_records()
                if r["id"] == contact_id
                and r["organizationId"] == caller.organization_id
                and not contacts.is_active(r)
            ),
            None,
        )
        return deleted if deleted is not None else method(self, caller, contact_id)

    monkeypatch.setattr(Contacts, method.__name__, serve)


@fault(
    "delete-again-200",
    "deleting an already soft-deleted contact answers 200 again instead of 404",
    "lifecycle",
    breaks=("status",),
)
def _delete_again_200(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _serve_deleted(monkeypatch, mock, Contacts.delete)


@fault(
    "deleted-contact-still-returned",
    "GET /api/contact/{id} still answers 200 with a soft-deleted contact (forgets deletedAt)",
    "lifecycle",
    breaks=("status",),
)
def _deleted_contact_still_returned(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _serve_deleted(monkeypatch, mock, Contacts.get)


# Upsert ----------------------------------------------------------------------------------------


@fault(
    "upsert-duplicates",
    "upsert never matches by phone: every item inserts a new contact, duplicating phones",
    "upsert",
    breaks=("assumption",),
)
def _upsert_duplicates(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original_check = MemoryTable.check_unique
    inserting = [False]

    def check_unique(
        self: MemoryTable, tenant: str, changes: Mapping[str, Any], exclude_id: str | None = None
    ) -> None:
        # The upsert's inserts skip the unique-phone check (the state's lock serializes them).
        if not inserting[0]:
            original_check(self, tenant, changes, exclude_id)

    def upsert(
        self: Contacts, caller: Caller, items: Sequence[Mapping[str, Any]]
    ) -> tuple[list[Record], int]:
        self._check_attributes(caller, items, removable=False, indexed=True)
        inserting[0] = True
        try:
            records = [self._table.insert(self._new_record(caller, item)) for item in items]
        finally:
            inserting[0] = False
        return records, len(records)

    monkeypatch.setattr(MemoryTable, "check_unique", check_unique)
    monkeypatch.setattr(Contacts, "upsert", upsert)
    _tolerate_duplicate_phones(monkeypatch)


@fault(
    "upsert-counts-swapped",
    "the upsert response swaps created and updated",
    "upsert",
    breaks=("assumption",),
)
def _upsert_counts_swapped(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = Contacts.upsert

    def upsert(
        self: Contacts, caller: Caller, items: Sequence[Mapping[str, Any]]
    ) -> tuple[list[Record], int]:
        records, created = original(self, caller, items)
        return records, len(records) - created

    monkeypatch.setattr(Contacts, "upsert", upsert)


_ITEM_INDEX = re.compile(r"\bdata\.(\d+)\b")


@fault(
    "upsert-not-atomic",
    "an upsert batch writes the valid items before the first invalid one, then answers 400",
    "upsert",
    breaks=("assumption",),
)
def _upsert_not_atomic(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original_parse, original_validate = (
        StrictJSONBodyValidator._parse,
        StrictJSONBodyValidator._validate,
    )
    scopes: dict[int, Scope] = {}

    async def parse(self: StrictJSONBodyValidator, stream: Any, scope: Scope) -> Any:
        # The validator is built per request: remember whose request it validates.
        scopes[id(self)] = scope
        return await original_parse(self, stream, scope)

    def validate(self: StrictJSONBodyValidator, body: Any) -> dict[str, Any] | None:
        scope = scopes.pop(id(self), None)
        try:
            return original_validate(self, body)
        except BadRequest as error:
            if scope is not None and operation_id(scope) == "upsertContacts":
                _write_items_before_first_invalid(mock.state, scope, body, error)
            raise

    monkeypatch.setattr(StrictJSONBodyValidator, "_parse", parse)
    monkeypatch.setattr(StrictJSONBodyValidator, "_validate", validate)


def _write_items_before_first_invalid(
    state: State, scope: Scope, body: Any, error: BadRequest
) -> None:
    """Upsert the items before the first invalid one, as an item-by-item server would have."""
    messages = error.messages if isinstance(error.messages, list) else [error.messages]
    indexes = [_ITEM_INDEX.search(message) for message in messages]
    caller = state.caller(Headers(scope=scope).get("x-api-key", ""))
    # A message naming no item (a batch too long, no `data`) rejects the batch up front.
    if not all(indexes) or caller is None or not isinstance(body, dict):
        return
    first_invalid = min(int(index.group(1)) for index in indexes if index)
    with state.lock:
        try:
            Contacts(state).upsert(caller, body["data"][:first_invalid])
        except MockError:
            # Those items were refused too (an unknown custom attribute): nothing written.
            return


@fault(
    "create-duplicate-phone-accepted",
    "createContact accepts a phone an active contact already has (201, no 409)",
    "upsert",
    breaks=("status",),
)
def _create_duplicate_phone_accepted(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(
        MemoryTable, "check_unique", lambda self, tenant, changes, exclude_id=None: None
    )
    _tolerate_duplicate_phones(monkeypatch)


@fault(
    "update-duplicate-phone-accepted",
    "updateContact takes a phone another active contact has (200, no 409)",
    "upsert",
    breaks=("status",),
)
def _update_duplicate_phone_accepted(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = MemoryTable.check_unique

    def check_unique(
        self: MemoryTable, tenant: str, changes: Record, exclude_id: str | None = None
    ) -> None:
        # An update names the record it changes; a create does not, and is still checked.
        if exclude_id is None:
            original(self, tenant, changes, exclude_id)

    monkeypatch.setattr(MemoryTable, "check_unique", check_unique)
    _tolerate_duplicate_phones(monkeypatch)


# Search and sort -------------------------------------------------------------------------------


@fault(
    "search-ignores-full-name",
    "contact search does not look at fullName, a documented searchable field",
    "search_sort",
    breaks=("assumption",),
)
def _search_ignores_full_name(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    profiles = mock.state.gomobile.contacts.search_profiles
    fields = tuple(f for f in profiles["default"] if f != "fullName")
    monkeypatch.setitem(profiles, "default", fields)


@fault(
    "audience-search-ignores-description",
    "audience search matches the name only, not the documented description",
    "search_sort",
    breaks=("assumption",),
)
def _audience_search_ignores_description(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setitem(mock.state.gomobile.audiences.search_profiles, "default", ("name",))


@fault(
    "search-case-sensitive",
    "search is a case-sensitive substring match",
    "search_sort",
    breaks=("assumption",),
)
def _search_case_sensitive(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = MemoryTable.search

    def search(self: MemoryTable, tenant: str, profile: str, term: str) -> set[str]:
        active, fields = self.active(tenant), self.search_profiles[profile]
        # The correct (case-insensitive) matches, narrowed to those matching case and all.
        return {
            record_id
            for record_id in original(self, tenant, profile, term)
            if any(term in str(active[record_id][f]) for f in fields if active[record_id].get(f))
        }

    monkeypatch.setattr(MemoryTable, "search", search)


@fault(
    "sort-ignores-order",
    "sortOrder is ignored: lists are always in descending order",
    "search_sort",
    breaks=("assumption",),
)
def _sort_ignores_order(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _change_list_query(monkeypatch, lambda given: {**given, "sort_order": "desc"})


def _patch_sort_key(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Any, tuple[Any, ...]], tuple[Any, ...]]
) -> None:
    """Replace the sort key (indexes and in-memory sorts) by `change(value, correct key)`."""
    original = store.sort_key

    def sort_key(value: Any, *rest: Any) -> tuple[Any, ...]:
        return change(value, original(value, *rest))

    monkeypatch.setattr(store, "sort_key", sort_key)
    monkeypatch.setattr(query, "sort_key", sort_key)


@fault(
    "nulls-first-ascending",
    "null sorts before every value: first in ascending order, last in descending",
    "search_sort",
    breaks=("assumption",),
)
def _nulls_first_ascending(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    # The correct key ranks null 2 (after numbers 0 and strings 1); MySQL's order ranks it -1.
    _patch_sort_key(monkeypatch, lambda value, key: (-1, *key[1:]) if value is None else key)


@fault(
    "sort-case-sensitive",
    "strings sort by code point (every capital before every lower-case letter)",
    "search_sort",
    breaks=("assumption",),
)
def _sort_case_sensitive(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    # The correct key is (1, casefolded value, ...) for a string: put the value back as is.
    _patch_sort_key(
        monkeypatch, lambda value, key: (1, value, *key[2:]) if isinstance(value, str) else key
    )


# Audiences -------------------------------------------------------------------------------------


@fault(
    "add-contacts-partial",
    "add-contacts adds the known ids, then answers 404 for the unknown one",
    "audiences",
    breaks=("assumption",),
)
def _add_contacts_partial(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def add_contacts(
        self: Audiences, caller: Caller, audience_id: str, contact_ids: Sequence[str]
    ) -> list[str]:
        self.get(caller, audience_id)
        wanted, missing = list(dict.fromkeys(contact_ids)), []
        for contact_id in wanted:
            if self._contacts.get(caller.organization_id, contact_id) is None:
                missing.append(contact_id)
            else:
                self._members.add(audience_id, contact_id)
        if missing:
            raise NotFound(f"Contacts not found: {', '.join(missing)}")
        return wanted

    monkeypatch.setattr(Audiences, "add_contacts", add_contacts)


@fault(
    "re-add-counted-twice",
    "contactCount is a counter bumped by every id add-contacts receives, members re-added too",
    "audiences",
    breaks=("assumption",),
)
def _re_add_counted_twice(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original_add, original_count = Audiences.add_contacts, Audiences.contact_count
    extra: Counter[str] = Counter()

    def add_contacts(
        self: Audiences, caller: Caller, audience_id: str, contact_ids: Sequence[str]
    ) -> list[str]:
        already = [c for c in dict.fromkeys(contact_ids) if self._members.has(audience_id, c)]
        added = original_add(self, caller, audience_id, contact_ids)
        extra[audience_id] += len(already)
        return added

    def contact_count(self: Audiences, audience_id: str) -> int:
        return original_count(self, audience_id) + extra[audience_id]

    monkeypatch.setattr(Audiences, "add_contacts", add_contacts)
    monkeypatch.setattr(Audiences, "contact_count", contact_count)


# Auth and tenancy ------------------------------------------------------------------------------


@fault(
    "cross-org-get-contact",
    "GET /api/contact/{id} finds contacts of any organization (the lookup ignores the tenant)",
    "auth",
    breaks=("status",),
)
def _cross_org_get_contact(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def get(self: Contacts, caller: Caller, contact_id: str) -> Record:
        record = _find_any_organization(mock.state.gomobile.contacts, contact_id)
        if record is None:
            raise NotFound(f"Contact with id {contact_id} not found")
        return record

    monkeypatch.setattr(Contacts, "get", get)


@fault(
    "cross-org-delete-contact",
    "DELETE /api/contact/{id} deletes a contact of another organization",
    "auth",
    breaks=("status",),
)
def _cross_org_delete_contact(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = Contacts.delete

    def delete(self: Contacts, caller: Caller, contact_id: str) -> Record:
        record = _find_any_organization(mock.state.gomobile.contacts, contact_id)
        if record is None:
            raise NotFound(f"Contact with id {contact_id} not found")
        owner = dataclasses.replace(caller, organization_id=record["organizationId"])
        return original(self, owner, contact_id)

    monkeypatch.setattr(Contacts, "delete", delete)


@fault(
    "cross-org-add-contacts",
    "add-contacts accepts contact ids of another organization",
    "auth",
    breaks=("status",),
)
def _cross_org_add_contacts(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def add_contacts(
        self: Audiences, caller: Caller, audience_id: str, contact_ids: Sequence[str]
    ) -> list[str]:
        self.get(caller, audience_id)
        wanted = list(dict.fromkeys(contact_ids))
        missing = [c for c in wanted if _find_any_organization(self._contacts, c) is None]
        if missing:
            raise NotFound(f"Contacts not found: {', '.join(missing)}")
        for contact_id in wanted:
            self._members.add(audience_id, contact_id)
        return wanted

    monkeypatch.setattr(Audiences, "add_contacts", add_contacts)


@fault(
    "missing-key-accepted",
    "GET /api/audience without x-api-key is served as the first organization (no auth guard)",
    "auth",
    breaks=("status",),
)
def _missing_key_accepted(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = FaultInjector.__call__
    default_key = mock.api_key.encode()

    async def call(self: FaultInjector, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and operation_id(scope) == "listAudiences"
            and "x-api-key" not in Headers(scope=scope)
        ):
            scope = {**scope, "headers": [*scope["headers"], (b"x-api-key", default_key)]}
        await original(self, scope, receive, send)

    monkeypatch.setattr(FaultInjector, "__call__", call)


# Response format (what Schemathesis's generic checks see) ------------------------------------


@fault(
    "error-body-missing-error",
    "error responses omit the documented `error` field (only statusCode and message)",
    "schemathesis",
    evidence="Response violates schema",
    breaks=("assumption",),
)
def _error_body_missing_error(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def error_body(status: int, messages: str | list[str]) -> dict[str, Any]:
        return {"statusCode": status, "message": messages}

    original = errors_http.api_for_path

    def api_for_path(path: str) -> Api:
        api = original(path)
        return dataclasses.replace(api, error_body=error_body) if api is GOMOBILE else api

    monkeypatch.setattr(errors_http, "api_for_path", api_for_path)


@fault(
    "unknown-sort-by-ignored",
    "an unknown sortBy value is ignored (200) instead of rejected with 400",
    "schemathesis",
    evidence="Schema-violating request accepted",
    breaks=("bound", "status"),
)
def _unknown_sort_by_ignored(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _accept_query_value(monkeypatch, "sortBy", lambda value: True)


# The request itself: content type, size, the form of ids -------------------------------------


@fault(
    "oversize-body-400",
    "a body over 1 MiB is refused with 400 (as malformed) instead of 413",
    "requests",
    breaks=("body-size",),
)
def _oversize_body_400(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def as_malformed(limit: int) -> MockError:
        return BadRequest("Malformed JSON body")

    monkeypatch.setattr(RequestGuard, "_too_large", staticmethod(as_malformed))


@fault(
    "non-json-body-400",
    "a body that is not application/json is refused with 400 instead of 415",
    "requests",
    breaks=("content-type",),
)
def _non_json_body_400(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(errors_http, "UnsupportedMediaType", BadRequest)


@fault(
    "malformed-id-404",
    "a malformed UUID in the path is looked up (404) instead of refused with 400",
    "requests",
    breaks=("status", "assumption"),
)
def _malformed_id_404(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = AllParametersValidator._check

    def check(
        self: AllParametersValidator, where: str, param: dict, validator: Any, value: Any
    ) -> list[str]:
        if where == "path" and param.get("schema", param).get("format") == "uuid":
            return []
        return original(where, param, validator, value)

    monkeypatch.setattr(AllParametersValidator, "_check", check)
