"""The client contact rules: server-managed fields, partial update, hard delete."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from mockserver.clientcontacts.ids import ObjectIds
from mockserver.clientcontacts.seeding import creator
from mockserver.query import ListQuery, Order, Page, Predicate, run
from mockserver.state import Caller, State
from mockserver.store import Record

# Update bodies may carry these "for internal use" (vendor document); the server owns them.
SERVER_FIELDS = ("_id", "createdAt", "updatedAt", "__v")


class ClientContacts:
    """The client contacts of every organization, and what may be done to them."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._table = state.client_contacts.contacts
        self._ids = ObjectIds()

    def page(
        self,
        caller: Caller,
        query: ListQuery,
        *,
        within: Collection[str] | None = None,
        where: Predicate | None = None,
        order: Order | None = None,
    ) -> Page:
        """Return a page of the organization's client contacts."""
        return run(
            self._table, caller.organization_id, query, within=within, where=where, order=order
        )

    def get(self, caller: Caller, contact_id: str) -> Record:
        """Return one client contact of the organization."""
        return self._table.require(caller.organization_id, contact_id)

    def create(self, caller: Caller, body: Mapping[str, Any]) -> Record:
        """Create a client contact; creator and editor default to the caller's user."""
        now = self._state.clock.now()
        user = self._user(caller)
        record: Record = {
            "_id": self._ids.new(now),
            "organizationId": caller.organization_id,
            # The defaults of what the body may leave out (fresh lists for every record).
            "disabled": False,
            "media": [],
            "company_namespace": [],
            **body,
            "creator": body.get("creator", user),
            "editor": body.get("editor", user),
            "createdAt": now,
            "updatedAt": now,
            "__v": 0,
        }
        return self._table.insert(record)

    def update(self, caller: Caller, contact_id: str, body: Mapping[str, Any]) -> Record:
        """Apply a partial update; `__v` counts the updates, editor defaults to the caller."""
        record = self.get(caller, contact_id)
        changes = {key: value for key, value in body.items() if key not in SERVER_FIELDS}
        changes.update(
            editor=body.get("editor", self._user(caller)),
            updatedAt=self._state.clock.now(),
            __v=record["__v"] + 1,
        )
        return self._table.update(caller.organization_id, contact_id, changes)

    def delete(self, caller: Caller, contact_id: str) -> Record:
        """Delete a client contact for good and return it as it was."""
        self.get(caller, contact_id)
        return self._table.remove(caller.organization_id, contact_id)

    def _user(self, caller: Caller) -> Record:
        """Return the caller's user as a creator object."""
        organization = self._state.fixtures.organization_for_key(caller.api_key)
        assert organization is not None  # the security handler let the key in
        user = next(u for u in organization.users if u.id == caller.user_id)
        return creator(user)
