"""The client contacts API's one table, seeded, dumped and restored as one dataset."""

from __future__ import annotations

from functools import cache
from typing import Any

from mockserver.clientcontacts.render import REQUIRED
from mockserver.clientcontacts.seeding import generate
from mockserver.fixtures import Fixtures
from mockserver.importing import ImportCheck, RecordValidator, stored_schema
from mockserver.store import Backend, Table

SORT_FIELDS = ("name", "local_name", "email", "title", "createdAt", "updatedAt", "_id")
SEARCH_FIELDS = ("name", "local_name")


class ClientContactsData:
    """The client contacts of every client-contacts organization (deletes are hard deletes)."""

    name = "client-contacts"

    def __init__(self, backend: Backend) -> None:
        self.contacts = backend.table(
            "client contacts",
            singular="client contact",
            id_field="_id",
            deleted_field=None,
            sort_fields=SORT_FIELDS,
            search_profiles={"default": SEARCH_FIELDS},
        )

    def clear(self) -> None:
        """Forget everything."""
        self.contacts.clear()

    def seed(
        self, fixtures: Fixtures, profile: str, seed: int, counts: dict[str, int | None]
    ) -> None:
        """Replace everything with the seed data of `profile` and `seed`."""
        records = generate(fixtures, profile, seed, counts.get("contacts"))
        self.clear()
        self.contacts.load(records)

    def counts(self, organization_id: str) -> dict[str, int]:
        """Return how many client contacts the organization has."""
        return {"clientContacts": self.contacts.count(organization_id)}

    def tables(self) -> tuple[Table, ...]:
        """Return the dataset's tables."""
        return (self.contacts,)

    def dump(self) -> dict[str, Any]:
        """Return a copy of everything as JSON-ready data (no later write changes it)."""
        return {"clientContacts": self.contacts.snapshot()}

    def check(self, dump: dict[str, Any], fixtures: Fixtures) -> list[str]:
        """Return every way the records of `dump` break the spec's schema or the API's rules."""
        check = ImportCheck(self.name)
        records = check.records(dump, "clientContacts")
        check.schema("clientContacts", records, _validator(), "_id")
        organizations = {org.id for org in fixtures.organizations_of(self.name)}
        check.tenants("clientContacts", records, organizations, "_id")
        ids = (f"_id {r['_id']!r}" for r in records if isinstance(r.get("_id"), str))
        check.unique("clientContacts", ids)
        return check.messages

    def restore(self, dump: dict[str, Any]) -> None:
        """Replace everything with a `dump()` that `check` accepts."""
        self.clear()
        self.contacts.load(dump["clientContacts"])


@cache
def _validator() -> RecordValidator:
    # Stored with the organization it belongs to, which the API never shows.
    kept = {"organizationId": {"type": "string"}}
    return stored_schema("client-contacts.yaml", "ClientContact", REQUIRED, kept)
