"""The contact rules: phone uniqueness, partial update, upsert by phone, custom attributes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.errors import BadRequest
from mockserver.fixtures import AttributeDefinition
from mockserver.gomobile.attributes import attribute_errors
from mockserver.gomobile.render import CONTACT_FIELDS
from mockserver.query import ListQuery, Page, run
from mockserver.state import Caller, State
from mockserver.store import Record


def merged_attributes(current: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """Set the given attributes on top of the current ones; a null removes one."""
    merged = {**current, **given}
    return {name: value for name, value in merged.items() if value is not None}


class Contacts:
    """The contacts of every organization, and what may be done to them."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._table = state.gomobile.contacts

    def definitions(self, caller: Caller) -> tuple[AttributeDefinition, ...]:
        """Return the caller's organization's custom attribute definitions."""
        return self._state.fixtures.attributes_for(caller.organization_id)

    def page(self, caller: Caller, query: ListQuery, within: Sequence[str] | None = None) -> Page:
        """Return a page of the organization's contacts."""
        return run(self._table, caller.organization_id, query, within=within)

    def get(self, caller: Caller, contact_id: str) -> Record:
        """Return one active contact of the organization."""
        return self._table.require(caller.organization_id, contact_id)

    def create(self, caller: Caller, body: Mapping[str, Any]) -> Record:
        """Create a contact; 409 when its phone is taken."""
        self._check_attributes(caller, [body], removable=False)
        return self._table.insert(self._new_record(caller, body))

    def update(self, caller: Caller, contact_id: str, body: Mapping[str, Any]) -> Record:
        """Apply a partial update; 409 when the new phone is taken."""
        current = self.get(caller, contact_id)
        self._check_attributes(caller, [body], removable=True)
        return self._table.update(
            caller.organization_id, contact_id, self._changes(caller, current, body)
        )

    def upsert(
        self, caller: Caller, items: Sequence[Mapping[str, Any]]
    ) -> tuple[list[Record], int]:
        """Create or update each item, matched by phone; return the contacts and how many were new.

        Every item is checked before anything is written, so the batch is all or nothing;
        after that no write can fail (a matched phone is never a clash).
        """
        self._check_attributes(caller, items, removable=False, indexed=True)
        results, created = [], 0
        for item in items:
            match = self._table.find(caller.organization_id, "primaryPhone", item["primaryPhone"])
            if match is None:
                results.append(self._table.insert(self._new_record(caller, item)))
                created += 1
            else:
                changes = self._changes(caller, match, item)
                results.append(self._table.update(caller.organization_id, match["id"], changes))
        return results, created

    def delete(self, caller: Caller, contact_id: str) -> Record:
        """Soft-delete a contact; it leaves every audience."""
        self.get(caller, contact_id)
        changes = {"deletedAt": self._state.clock.now(), "deletedBy": caller.user_id}
        record = self._table.soft_delete(caller.organization_id, contact_id, changes)
        self._state.gomobile.members.drop_right(contact_id)
        return record

    def _check_attributes(
        self,
        caller: Caller,
        items: Sequence[Mapping[str, Any]],
        *,
        removable: bool,
        indexed: bool = False,
    ) -> None:
        definitions = self.definitions(caller)
        errors = []
        for index, item in enumerate(items):
            prefix = f"data.{index}." if indexed else ""
            errors += attribute_errors(
                definitions, item.get("customAttributes", {}), prefix, removable=removable
            )
        if errors:
            raise BadRequest(errors)

    def _new_record(self, caller: Caller, body: Mapping[str, Any]) -> Record:
        now = self._state.clock.now()
        record: Record = dict.fromkeys(CONTACT_FIELDS)
        record.update({key: value for key, value in body.items() if key in record})
        record.update(
            id=str(uuid.uuid4()),
            organizationId=caller.organization_id,
            channels=list(body.get("channels", [])),
            createdAt=now,
            updatedAt=now,
            createdBy=caller.user_id,
            updatedBy=caller.user_id,
            customAttributes=dict(body.get("customAttributes", {})),
        )
        return record

    def _changes(self, caller: Caller, current: Record, body: Mapping[str, Any]) -> dict[str, Any]:
        changes = {key: value for key, value in body.items() if key != "customAttributes"}
        if "customAttributes" in body:
            changes["customAttributes"] = merged_attributes(
                current["customAttributes"], body["customAttributes"]
            )
        changes.update(updatedAt=self._state.clock.now(), updatedBy=caller.user_id)
        return changes
