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
        self.audiences = Table(
            "audiences",
            sort_fields=("name", "createdAt", "updatedAt"),
            search_profiles={"default": ("name", "description")},
        )
        self.members = Links()

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

    def dump(self) -> dict[str, Any]:
        """Return everything as JSON-ready data."""
        return {
            "contacts": self.contacts.all_records(),
            "audiences": self.audiences.all_records(),
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
        self.contacts.load(contacts)
        self.audiences.load(audiences)
        self.members.load(pairs)
