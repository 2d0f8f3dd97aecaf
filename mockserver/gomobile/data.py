"""The Gomobile API's tables and links, seeded, dumped and restored as one dataset."""

from __future__ import annotations

from functools import cache
from typing import Any

from mockserver.fixtures import Fixtures
from mockserver.gomobile.attributes import attribute_errors
from mockserver.gomobile.render import AUDIENCE_FIELDS, CONTACT_FIELDS
from mockserver.importing import ImportCheck, RecordValidator, stored_schema
from mockserver.seeding import generate
from mockserver.store import Backend, Record, Table

CONTACT_SEARCH = ("firstName", "lastName", "fullName", "primaryPhone", "primaryEmail")
# The audience's contact list searches fewer fields (vendor document 002).
AUDIENCE_CONTACT_SEARCH = ("firstName", "lastName", "primaryPhone")


class GomobileData:
    """Contacts, audiences and audience membership of every organization."""

    name = "gomobile"

    def __init__(self, backend: Backend) -> None:
        self.contacts = backend.table(
            "contacts",
            sort_fields=("firstName", "lastName", "primaryPhone", "primaryEmail", "createdAt"),
            search_profiles={"default": CONTACT_SEARCH, "audience": AUDIENCE_CONTACT_SEARCH},
            unique_fields=("primaryPhone",),
        )
        self.members = backend.links("audience members")
        self.audiences = backend.table(
            "audiences",
            sort_fields=("name", "createdAt", "updatedAt"),
            search_profiles={"default": ("name", "description")},
            on_purge=lambda audience: self.members.drop_left(audience["id"]),
        )

    def clear(self) -> None:
        """Forget everything."""
        self.contacts.clear()
        self.audiences.clear()
        self.members.clear()

    def seed(
        self, fixtures: Fixtures, profile: str, seed: int, counts: dict[str, int | None]
    ) -> None:
        """Replace everything with the seed data of `profile` and `seed`."""
        data = generate(fixtures, profile, seed, **counts)
        self.clear()
        self.contacts.load(data.contacts)
        self.audiences.load(data.audiences)
        self.members.load(data.memberships)

    def counts(self, organization_id: str) -> dict[str, int]:
        """Return how many active contacts and audiences the organization has."""
        return {
            "contacts": self.contacts.count(organization_id),
            "audiences": self.audiences.count(organization_id),
        }

    def tables(self) -> tuple[Table, ...]:
        """Return the dataset's tables."""
        return (self.contacts, self.audiences)

    def dump(self) -> dict[str, Any]:
        """Return a copy of everything as JSON-ready data (no later write changes it)."""
        return {
            "contacts": self.contacts.snapshot(),
            "audiences": self.audiences.snapshot(),
            "audienceMembers": [list(pair) for pair in self.members.pairs()],
        }

    def check(self, dump: dict[str, Any], fixtures: Fixtures) -> list[str]:
        """Return every way the records of `dump` break the spec's schemas or the API's rules."""
        check = ImportCheck(self.name)
        contacts = check.records(dump, "contacts")
        audiences = check.records(dump, "audiences")
        pairs = _pairs(check, dump.get("audienceMembers", []))
        check.schema("contacts", contacts, _contact_validator(), "id")
        check.schema("audiences", audiences, _audience_validator(), "id")
        organizations = {org.id for org in fixtures.organizations_of(self.name)}
        for table, records in (("contacts", contacts), ("audiences", audiences)):
            check.tenants(table, records, organizations, "id")
            check.unique(table, (f"id {r['id']!r}" for r in records if _is_str(r.get("id"))))
        check.unique("contacts", _active_phones(contacts))
        check.each("contacts", contacts, "id", lambda c: _attribute_errors(c, fixtures))
        _check_members(check, pairs, contacts, audiences)
        return check.messages

    def restore(self, dump: dict[str, Any]) -> None:
        """Replace everything with a `dump()` that `check` accepts."""
        self.clear()
        # Links first: an audience purged as it loads (past the limit of soft-deleted ones)
        # takes its memberships along.
        self.members.load(
            (audience, contact) for audience, contact in dump.get("audienceMembers", [])
        )
        self.contacts.load(dump["contacts"])
        self.audiences.load(dump["audiences"])


@cache
def _contact_validator() -> RecordValidator:
    kept = {"channels": "ChannelTypes", "customAttributes": "CustomAttributeValues"}
    return stored_schema(
        "gomobile.yaml", "ContactResponse", (*CONTACT_FIELDS, "customAttributes"), kept
    )


@cache
def _audience_validator() -> RecordValidator:
    return stored_schema("gomobile.yaml", "AudienceResponse", AUDIENCE_FIELDS)


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _pairs(check: ImportCheck, found: Any) -> list[tuple[str, str]]:
    """Return the (audience id, contact id) pairs, noting any that is not two strings."""
    if not isinstance(found, list):
        check.messages.append("gomobile audienceMembers must be a list of [audienceId, contactId]")
        return []
    pairs = []
    for index, pair in enumerate(found):
        if isinstance(pair, list) and len(pair) == 2 and all(map(_is_str, pair)):
            pairs.append((pair[0], pair[1]))
        else:
            check.messages.append(
                f"gomobile audienceMembers[{index}] must be [audienceId, contactId]: {pair!r}"
            )
    return pairs


def _active_phones(contacts: list[Record]) -> list[str]:
    """Describe each active contact's phone with its organization, for the uniqueness check."""
    return [
        f"primaryPhone {c['primaryPhone']!r} of organization {c.get('organizationId')!r}"
        for c in contacts
        if c.get("deletedAt") is None and _is_str(c.get("primaryPhone"))
    ]


def _attribute_errors(contact: Record, fixtures: Fixtures) -> list[str]:
    """Check a contact's custom attributes against its organization's definitions."""
    values = contact.get("customAttributes")
    if not isinstance(values, dict) or not _is_str(contact.get("organizationId")):
        return []  # the schema check says so
    definitions = fixtures.attributes_for(contact["organizationId"])
    return attribute_errors(definitions, values, "", removable=False)


def _check_members(
    check: ImportCheck,
    pairs: list[tuple[str, str]],
    contacts: list[Record],
    audiences: list[Record],
) -> None:
    """Note every membership of an unknown audience, or of a contact that is not an active
    contact of the audience's organization (the audience's contactCount counts them)."""
    organization_of = {a.get("id"): a.get("organizationId") for a in audiences}
    active = {c.get("id"): c.get("organizationId") for c in contacts if c.get("deletedAt") is None}
    for index, (audience_id, contact_id) in enumerate(pairs):
        where = f"gomobile audienceMembers[{index}] ({audience_id!r}, {contact_id!r})"
        if audience_id not in organization_of:
            check.messages.append(f"{where}: no audience has id {audience_id!r}")
        elif active.get(contact_id) != organization_of[audience_id]:
            check.messages.append(
                f"{where}: the member must be an active contact of the audience's organization"
            )
