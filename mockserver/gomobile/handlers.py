"""Thin HTTP handlers of the Gomobile API, bound to one `State` and routed by operationId."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.auth import current_caller
from mockserver.gomobile import render
from mockserver.gomobile.audiences import Audiences
from mockserver.gomobile.contacts import Contacts
from mockserver.query import ListQuery
from mockserver.state import State

Response = tuple[Any, int]


def list_query(
    page: int,
    limit: int,
    search: str | None,
    sort_by: str,
    sort_order: str,
    profile: str = "default",
) -> ListQuery:
    """Build the query layer's request from the list parameters (already validated)."""
    return ListQuery(
        page=page,
        limit=limit,
        search=search or None,
        sort_by=sort_by,
        descending=sort_order == "desc",
        search_profile=profile,
    )


class GomobileHandlers:
    """One method per operation; each parses, calls the rules under the state's lock, renders."""

    def __init__(self, state: State) -> None:
        self._lock = state.lock
        self._contacts = Contacts(state)
        self._audiences = Audiences(state)

    def operations(self) -> dict[str, Callable[..., Response]]:
        """Return the handler of each operationId in openapi/gomobile.yaml."""
        return {
            "listContacts": self.list_contacts,
            "getContact": self.get_contact,
            "createContact": self.create_contact,
            "upsertContacts": self.upsert_contacts,
            "updateContact": self.update_contact,
            "deleteContact": self.delete_contact,
            "listAudiences": self.list_audiences,
            "getAudience": self.get_audience,
            "listAudienceContacts": self.list_audience_contacts,
            "addAudienceContacts": self.add_audience_contacts,
            "createAudience": self.create_audience,
            "updateAudience": self.update_audience,
            "deleteAudience": self.delete_audience,
        }

    def list_contacts(
        self,
        page: int = 1,
        limit: int = 20,
        search: str | None = None,
        sortBy: str = "createdAt",
        sortOrder: str = "desc",
    ) -> Response:
        """GET /api/contact."""
        query = list_query(page, limit, search, sortBy, sortOrder)
        with self._lock:
            result = self._contacts.page(current_caller(), query)
            return {
                "data": [render.contact(r) for r in result.items],
                "meta": render.meta(result),
            }, 200

    def get_contact(self, id: str) -> Response:
        """GET /api/contact/{id}."""
        caller = current_caller()
        with self._lock:
            record = self._contacts.get(caller, id.lower())
            return render.contact_with_attributes(record, self._contacts.definitions(caller)), 200

    def create_contact(self, body: dict[str, Any]) -> Response:
        """POST /api/contact."""
        with self._lock:
            return render.contact(self._contacts.create(current_caller(), body)), 201

    def upsert_contacts(self, body: dict[str, Any]) -> Response:
        """POST /api/contact/upsert."""
        with self._lock:
            records, created = self._contacts.upsert(current_caller(), body["data"])
            data = [render.contact(r) for r in records]
        return {"created": created, "updated": len(records) - created, "data": data}, 201

    def update_contact(self, id: str, body: dict[str, Any]) -> Response:
        """PUT /api/contact/{id}."""
        with self._lock:
            return render.contact(self._contacts.update(current_caller(), id.lower(), body)), 200

    def delete_contact(self, id: str) -> Response:
        """DELETE /api/contact/{id}."""
        with self._lock:
            return render.contact(self._contacts.delete(current_caller(), id.lower())), 200

    def list_audiences(
        self,
        page: int = 1,
        limit: int = 20,
        search: str | None = None,
        sortBy: str = "createdAt",
        sortOrder: str = "desc",
    ) -> Response:
        """GET /api/audience."""
        query = list_query(page, limit, search, sortBy, sortOrder)
        with self._lock:
            result = self._audiences.page(current_caller(), query)
            data = [
                {**render.audience(r), "contactCount": self._audiences.contact_count(r["id"])}
                for r in result.items
            ]
            return {"data": data, "meta": render.meta(result)}, 200

    def get_audience(self, id: str) -> Response:
        """GET /api/audience/{id}."""
        with self._lock:
            return render.audience(self._audiences.get(current_caller(), id.lower())), 200

    def list_audience_contacts(
        self,
        id: str,
        page: int = 1,
        limit: int = 20,
        search: str | None = None,
        sortBy: str = "createdAt",
        sortOrder: str = "desc",
    ) -> Response:
        """GET /api/audience/{id}/contacts."""
        caller = current_caller()
        query = list_query(page, limit, search, sortBy, sortOrder, profile="audience")
        with self._lock:
            members = self._audiences.members(caller, id.lower())
            result = self._contacts.page(caller, query, within=members)
            data = [render.audience_contact(r) for r in result.items]
            return {"data": data, "meta": render.meta(result)}, 200

    def create_audience(self, body: dict[str, Any]) -> Response:
        """POST /api/audience."""
        with self._lock:
            return render.audience(self._audiences.create(current_caller(), body)), 201

    def add_audience_contacts(self, id: str, body: dict[str, Any]) -> Response:
        """POST /api/audience/{id}/add-contacts."""
        ids = [contact_id.lower() for contact_id in body["contacts"]]
        with self._lock:
            return self._audiences.add_contacts(current_caller(), id.lower(), ids), 201

    def update_audience(self, id: str, body: dict[str, Any]) -> Response:
        """PUT /api/audience/{id}."""
        with self._lock:
            return render.audience(self._audiences.update(current_caller(), id.lower(), body)), 200

    def delete_audience(self, id: str) -> Response:
        """DELETE /api/audience/{id}."""
        with self._lock:
            return render.audience(self._audiences.delete(current_caller(), id.lower())), 200
