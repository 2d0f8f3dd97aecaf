"""The audience rules: membership of active contacts only, all-or-nothing additions."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.errors import NotFound
from mockserver.gomobile.render import AUDIENCE_FIELDS
from mockserver.query import ListQuery, Page, run
from mockserver.state import Caller, State
from mockserver.store import Record


class Audiences:
    """The audiences of every organization, and what may be done to them."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._table = state.gomobile.audiences
        self._members = state.gomobile.members
        self._contacts = state.gomobile.contacts

    def page(self, caller: Caller, query: ListQuery) -> Page:
        """Return a page of the organization's audiences."""
        return run(self._table, caller.organization_id, query)

    def contact_count(self, audience_id: str) -> int:
        """Return how many active contacts the audience has (soft-deleted ones have left it)."""
        return self._members.count(audience_id)

    def get(self, caller: Caller, audience_id: str) -> Record:
        """Return one active audience of the organization."""
        return self._table.require(caller.organization_id, audience_id)

    def create(self, caller: Caller, body: Mapping[str, Any]) -> Record:
        """Create an empty audience."""
        now = self._state.clock.now()
        record: Record = dict.fromkeys(AUDIENCE_FIELDS)
        record.update(
            id=str(uuid.uuid4()),
            organizationId=caller.organization_id,
            name=body["name"],
            description=body.get("description"),
            createdAt=now,
            updatedAt=now,
            createdBy=caller.user_id,
            updatedBy=caller.user_id,
        )
        return self._table.insert(record)

    def update(self, caller: Caller, audience_id: str, body: Mapping[str, Any]) -> Record:
        """Apply a partial update."""
        self.get(caller, audience_id)
        changes = {**body, "updatedAt": self._state.clock.now(), "updatedBy": caller.user_id}
        return self._table.update(caller.organization_id, audience_id, changes)

    def delete(self, caller: Caller, audience_id: str) -> Record:
        """Soft-delete an audience; its contacts are not touched."""
        self.get(caller, audience_id)
        changes = {"deletedAt": self._state.clock.now(), "deletedBy": caller.user_id}
        return self._table.soft_delete(caller.organization_id, audience_id, changes)

    def add_contacts(
        self, caller: Caller, audience_id: str, contact_ids: Sequence[str]
    ) -> list[str]:
        """Add active contacts to the audience; any unknown id adds nothing (404)."""
        self.get(caller, audience_id)
        wanted = list(dict.fromkeys(contact_ids))
        missing = [c for c in wanted if self._contacts.get(caller.organization_id, c) is None]
        if missing:
            raise NotFound(f"Contacts not found: {', '.join(missing)}")
        for contact_id in wanted:
            self._members.add(audience_id, contact_id)
        return wanted

    def members(self, caller: Caller, audience_id: str) -> Sequence[str]:
        """Return the ids of the audience's contacts."""
        self.get(caller, audience_id)
        return list(self._members.rights(audience_id))
