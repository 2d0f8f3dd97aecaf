"""The Gomobile API's tables and links, seeded, dumped and restored as one dataset."""

from __future__ import annotations

from typing import Any

from mockserver.dataset import missing_fields
from mockserver.errors import BadRequest
from mockserver.fixtures import Fixtures
from mockserver.gomobile.render import AUDIENCE_FIELDS, CONTACT_FIELDS
from mockserver.links import Links
from mockserver.seeding import generate
from mockserver.store import Table

CONTACT_SEARCH = ("firstName", "lastName", "fullName", "primaryPhone", "primaryEmail")
# The audience's contact list searches fewer fields (vendor document 002).
AUDIENCE_CONTACT_SEARCH = ("firstName", "lastName", "primaryPhone")


class GomobileData:
    """Contacts, audiences and audience membership of every organization."""

    name = "gomobile"

    def __init__(self) -> None:
        self.contacts = Table(
            "contacts",
            sort_fields=("firstName", "lastName", "primaryPhone", "primaryEmail", "createdAt"),
            search_profiles={"default": CONTACT_SEARCH, "audience": AUDIENCE_CONTACT_SEARCH},
            unique_fields=("primaryPhone",),
        )
        self.members = Links()
        self.audiences = Table(
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

    def restore(self, dump: dict[str, Any]) -> None:
        """Replace everything with a `dump()`; raise BadRequest and keep nothing if malformed."""
        try:
            contacts, audiences = list(dump["contacts"]), list(dump["audiences"])
            pairs = [(str(a), str(c)) for a, c in dump.get("audienceMembers", [])]
        except (KeyError, TypeError, ValueError) as error:
            raise BadRequest(f"gomobile state is malformed: {error!r}") from None
        for kind, records, fields in (
            ("contact", contacts, (*CONTACT_FIELDS, "customAttributes")),
            ("audience", audiences, AUDIENCE_FIELDS),
        ):
            problem = missing_fields(kind, records, fields, self.name)
            if problem:
                raise BadRequest(problem)
        self.clear()
        # Links first: an audience purged as it loads (past the limit of soft-deleted ones)
        # takes its memberships along.
        self.members.load(pairs)
        self.contacts.load(contacts)
        self.audiences.load(audiences)
