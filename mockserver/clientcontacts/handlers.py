"""Thin HTTP handlers of the client contacts API, bound to one `State` and routed by operationId."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver import filters
from mockserver.auth import current_caller
from mockserver.clientcontacts import render
from mockserver.clientcontacts.contacts import ClientContacts
from mockserver.clock import iso_from_millis
from mockserver.query import ListQuery, Order, Predicate
from mockserver.state import State

Response = tuple[Any, int]


def sort_order(sort: str, sort_by: list[str] | None) -> Order:
    """Return the order of `sortBy` ("field:asc", ...) if given, else of `sort` ("-field")."""
    if sort_by:
        return [(field, order == "desc") for field, order in (s.split(":") for s in sort_by)]
    return [(sort.removeprefix("-"), sort.startswith("-"))]


def list_filters(params: dict[str, Any]) -> list[Predicate]:
    """Return the predicates of the name, updatedAt and _id range filters that were given."""
    bounds = [
        ("name", filters.one_of, params.get("name")),
        ("updatedAt", filters.at_least, _iso(params.get("from_updatedAt"))),
        ("updatedAt", filters.at_most, _iso(params.get("to_updatedAt"))),
        ("_id", filters.above, _lower(params.get("from__id"))),
        ("_id", filters.below, _lower(params.get("to__id"))),
    ]
    return [make(field, value) for field, make, value in bounds if value is not None]


def _iso(millis: int | None) -> str | None:
    return None if millis is None else iso_from_millis(millis)


def _lower(object_id: str | None) -> str | None:
    return None if object_id is None else object_id.lower()


class ClientContactHandlers:
    """One method per operation; each parses, calls the rules under the state's lock, renders."""

    def __init__(self, state: State) -> None:
        self._lock = state.lock
        self._contacts = ClientContacts(state)

    def operations(self) -> dict[str, Callable[..., Response]]:
        """Return the handler of each operationId in openapi/client-contacts.yaml."""
        return {
            "listClientContacts": self.list_contacts,
            "getClientContact": self.get_contact,
            "createClientContact": self.create_contact,
            "updateClientContact": self.update_contact,
            "deleteClientContact": self.delete_contact,
        }

    def list_contacts(
        self, page: int = 1, per_page: int = 25, sort: str = "-createdAt", **params: Any
    ) -> Response:
        """GET /client-contacts."""
        order = sort_order(sort, params.get("sortBy"))
        field, descending = order[0]
        query = ListQuery(
            page=page,
            limit=per_page,
            search=params.get("search") or None,
            sort_by=field,
            descending=descending,
        )
        ids = params.get("_id")
        within = None if ids is None else [object_id.lower() for object_id in ids]
        where = filters.all_of(list_filters(params))
        with self._lock:
            result = self._contacts.page(
                current_caller(), query, within=within, where=where, order=order
            )
            data = [render.contact(record) for record in result.items]
        return {**render.envelope(data), "pagination": render.pagination(result)}, 200

    def get_contact(self, id: str) -> Response:
        """GET /client-contacts/{id}."""
        with self._lock:
            record = self._contacts.get(current_caller(), id.lower())
            return render.envelope(render.contact(record)), 200

    def create_contact(self, body: dict[str, Any]) -> Response:
        """POST /client-contacts."""
        with self._lock:
            record = self._contacts.create(current_caller(), body)
            return render.envelope(render.contact(record)), 201

    def update_contact(self, id: str, body: dict[str, Any]) -> Response:
        """PATCH /client-contacts/{id}."""
        with self._lock:
            record = self._contacts.update(current_caller(), id.lower(), body)
            return render.envelope(render.contact(record)), 200

    def delete_contact(self, id: str) -> Response:
        """DELETE /client-contacts/{id}."""
        with self._lock:
            record = self._contacts.delete(current_caller(), id.lower())
            return render.envelope(render.contact(record)), 200
