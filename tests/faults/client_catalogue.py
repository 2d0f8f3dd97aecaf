"""The client contacts API's fault catalogue: single semantic deviations of that API's mock.

Same machinery as `catalogue.py` (a `Fault` patches the mock in-process, `applied` resets it
around the run); these run `contactkit check --api client-contacts`. Each fault names the checks
of the client-contacts suite that must catch it (`tests/test_fault_catalogue_client.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any

import pytest

from faults.catalogue import Fault, _accept_query_value, _as_int, by_id, registrar
from mockserver import filters
from mockserver.clientcontacts import contacts as contacts_module
from mockserver.clientcontacts import handlers as handlers_module
from mockserver.clientcontacts import render
from mockserver.clientcontacts.contacts import ClientContacts
from mockserver.clientcontacts.handlers import ClientContactHandlers
from mockserver.errors import NotFound
from mockserver.query import ListQuery, Order, Page, Predicate, run
from mockserver.state import Caller
from mockserver.store import Record
from mockserver.store.memory import MemoryTable
from mockserver.testing import MockServer
from mockserver.validation import StrictJSONBodyValidator

CLIENT_CATALOGUE: list[Fault] = []
_ANY_OBJECT_ID = "0" * 24
fault = registrar(CLIENT_CATALOGUE)


def _render_pagination(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[Page, dict[str, Any]], dict[str, Any]]
) -> None:
    """Pass every rendered pagination object through `change(page, rendered)`."""
    original = render.pagination
    monkeypatch.setattr(render, "pagination", lambda page: change(page, original(page)))


def _replace_filter(
    monkeypatch: pytest.MonkeyPatch, name: str, make: Callable[[str, Any], Predicate]
) -> None:
    """Build the `name` filters of client contact lists with `make` instead."""
    monkeypatch.setattr(filters, name, make)


# Pagination ------------------------------------------------------------------------------------


@fault(
    "pre-page-equals-page",
    "pre_page is the page itself (1 on the first page)",
    "pagination",
    breaks=("pagination",),
)
def _pre_page_equals_page(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _render_pagination(monkeypatch, lambda page, body: {**body, "pre_page": page.page})


@fault(
    "next-page-past-last",
    "next_page is page + 1 even on the last page",
    "pagination",
    breaks=("pagination",),
)
def _next_page_past_last(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _render_pagination(monkeypatch, lambda page, body: {**body, "next_page": page.page + 1})


@fault(
    "total-page-floor",
    "total_page = total // per_page: the partial last page is lost",
    "pagination",
    breaks=("pagination",),
)
def _total_page_floor(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _render_pagination(
        monkeypatch, lambda page, body: {**body, "total_page": page.total // page.limit}
    )


@fault(
    "per-page-plus-one", "each page holds per_page + 1 items", "pagination", breaks=("pagination",)
)
def _per_page_plus_one(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def wider(table: MemoryTable, tenant: str, wanted: ListQuery, **options: Any) -> Page:
        page = run(table, tenant, wanted, **options)
        more = dataclasses.replace(wanted, page=1, limit=wanted.offset + wanted.limit + 1)
        return dataclasses.replace(
            page, items=run(table, tenant, more, **options).items[wanted.offset :]
        )

    monkeypatch.setattr(contacts_module, "run", wider)


# Limits ----------------------------------------------------------------------------------------


@fault(
    "per-page-clamped",
    "per_page above 100 is served as 100 instead of rejected",
    "limits",
    breaks=("bound", "status"),
)
def _per_page_clamped(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _accept_query_value(monkeypatch, "per_page", lambda value: (_as_int(value) or 0) > 100)
    original = ClientContactHandlers.list_contacts

    def list_contacts(self: ClientContactHandlers, per_page: int = 25, **params: Any) -> Any:
        return original(self, per_page=min(per_page, 100), **params)

    monkeypatch.setattr(ClientContactHandlers, "list_contacts", list_contacts)


# Filters ---------------------------------------------------------------------------------------


@fault(
    "id-filter-first-only",
    "an _id filter of several values keeps only the first",
    "filters",
    breaks=("assumption",),
)
def _id_filter_first_only(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = ClientContacts.page

    def page(
        self: ClientContacts,
        caller: Caller,
        query: ListQuery,
        *,
        within: Collection[str] | None = None,
        **options: Any,
    ) -> Page:
        return original(
            self, caller, query, within=None if within is None else list(within)[:1], **options
        )

    monkeypatch.setattr(ClientContacts, "page", page)


@fault(
    "name-filter-substring",
    "the name filter matches substrings, case-insensitively",
    "filters",
    breaks=("assumption",),
)
def _name_filter_substring(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    def one_of(field: str, values: Collection[Any]) -> Predicate:
        wanted = [str(value).casefold() for value in values]
        return lambda record: any(w in str(record.get(field) or "").casefold() for w in wanted)

    _replace_filter(monkeypatch, "one_of", one_of)


@fault(
    "updated-at-from-exclusive",
    "from_updatedAt excludes records updated exactly then",
    "filters",
    breaks=("assumption",),
)
def _updated_at_from_exclusive(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _replace_filter(monkeypatch, "at_least", filters.above)


@fault(
    "id-range-inclusive",
    "from__id includes the record whose _id it names",
    "filters",
    breaks=("assumption",),
)
def _id_range_inclusive(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    _replace_filter(monkeypatch, "above", filters.at_least)


@fault(
    "sort-by-first-key-only",
    "sortBy with several keys sorts by the first one only",
    "filters",
    breaks=("assumption",),
)
def _sort_by_first_key_only(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = handlers_module.sort_order

    def sort_order(sort: str, sort_by: list[str] | None) -> Order:
        return original(sort, sort_by)[:1]

    monkeypatch.setattr(handlers_module, "sort_order", sort_order)


# Search and sort -------------------------------------------------------------------------------


@fault(
    "search-ignores-local-name",
    "search matches name only, not local_name",
    "search_sort",
    breaks=("assumption",),
)
def _search_ignores_local_name(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    table = mock.state.client_contacts.contacts
    monkeypatch.setitem(table.search_profiles, "default", ("name",))


@fault(
    "sort-descending-ignored", "sort=-field sorts ascending", "search_sort", breaks=("assumption",)
)
def _sort_descending_ignored(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = handlers_module.sort_order

    def sort_order(sort: str, sort_by: list[str] | None) -> Order:
        return [(field, False) for field, _ in original(sort, sort_by)]

    monkeypatch.setattr(handlers_module, "sort_order", sort_order)


# Lifecycle -------------------------------------------------------------------------------------

_OPTIONAL = ("local_name", "phone1", "phone2", "email", "title", "extra_info", "cover_photo")


@fault(
    "patch-replaces-document",
    "PATCH drops the optional fields it was not sent",
    "lifecycle",
    breaks=("assumption",),
)
def _patch_replaces_document(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = ClientContacts.update
    table = mock.state.client_contacts.contacts

    def update(
        self: ClientContacts, caller: Caller, contact_id: str, body: dict[str, Any]
    ) -> Record:
        original(self, caller, contact_id, body)
        cleared = {field: None for field in _OPTIONAL if field not in body}
        return table.update(caller.organization_id, contact_id, cleared)

    monkeypatch.setattr(ClientContacts, "update", update)


@fault(
    "patch-keeps-editor",
    "PATCH without `editor` leaves the previous editor",
    "lifecycle",
    breaks=("assumption",),
)
def _patch_keeps_editor(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = ClientContacts.update

    def update(
        self: ClientContacts, caller: Caller, contact_id: str, body: dict[str, Any]
    ) -> Record:
        editor = self.get(caller, contact_id)["editor"]
        return original(self, caller, contact_id, {"editor": editor, **body})

    monkeypatch.setattr(ClientContacts, "update", update)


@fault(
    "deleted-still-listed",
    "a deleted client contact is 404 by id but still listed",
    "lifecycle",
    breaks=("assumption",),
)
def _deleted_still_listed(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    deleted: set[str] = set()
    original_get = ClientContacts.get

    def delete(self: ClientContacts, caller: Caller, contact_id: str) -> Record:
        record = original_get(self, caller, contact_id)
        deleted.add(contact_id)
        return record

    def get(self: ClientContacts, caller: Caller, contact_id: str) -> Record:
        if contact_id in deleted:
            raise NotFound(f"Client contact with id {contact_id} not found")
        return original_get(self, caller, contact_id)

    monkeypatch.setattr(ClientContacts, "delete", delete)
    monkeypatch.setattr(ClientContacts, "get", get)


# Auth and tenancy ------------------------------------------------------------------------------


@fault(
    "cross-org-get",
    "GET /client-contacts/{id} finds another organization's contact",
    "auth",
    breaks=("status",),
)
def _cross_org_get(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    table = mock.state.client_contacts.contacts

    def get(self: ClientContacts, caller: Caller, contact_id: str) -> Record:
        found = next((r for r in table.all_records() if r["_id"] == contact_id), None)
        if found is None:
            raise NotFound(f"Client contact with id {contact_id} not found")
        return found

    monkeypatch.setattr(ClientContacts, "get", get)


# Response format -------------------------------------------------------------------------------


@fault(
    "envelope-without-success",
    "successful responses leave `success` out of the envelope",
    "schemathesis",
    evidence="Response violates schema",
    breaks=("status",),
)
def _envelope_without_success(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    monkeypatch.setattr(render, "envelope", lambda data: {"data": data})


@fault(
    "creator-id-unchecked",
    "the _id of a creator or editor sent in a body is stored without checking its ObjectId form",
    "schemathesis",
    evidence="Response violates schema",
    breaks=("nested-bound",),
)
def _creator_id_unchecked(monkeypatch: pytest.MonkeyPatch, mock: MockServer) -> None:
    original = StrictJSONBodyValidator._validate

    def validate(self: StrictJSONBodyValidator, body: Any) -> dict[str, Any] | None:
        if not isinstance(body, dict):
            return original(self, body)
        # Judged as if each user's _id had the right form; the body itself is kept as sent.
        users = {
            k: v for k, v in body.items() if k in ("creator", "editor") and isinstance(v, dict)
        }
        return original(
            self, {**body, **{k: {**v, "_id": _ANY_OBJECT_ID} for k, v in users.items()}}
        )

    monkeypatch.setattr(StrictJSONBodyValidator, "_validate", validate)


# The request rules: the Gomobile catalogue's deviations of the mock's shared request handling.
CLIENT_CATALOGUE += [by_id("oversize-body-400"), by_id("non-json-body-400")]
