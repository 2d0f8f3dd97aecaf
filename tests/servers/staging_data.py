"""The records of the staging-like server: organizations, contacts, audiences, memberships.

Written for the tests, independently of `mockserver`: its own storage, its own seed data,
its own choices where the spec leaves room (`Choices`). `dump()` is the out-of-band view
the safety tests compare before and after a run.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    key: str | None
    at: float  # time.monotonic()
    headers: dict[str, str]


# key -> organization; the second key of org-a is the same organization as the first.
KEYS = {
    "staging-key-a": "5a1e0000-0000-4000-8000-00000000000a",
    "staging-key-a-second": "5a1e0000-0000-4000-8000-00000000000a",
    "staging-key-b": "5a1e0000-0000-4000-8000-00000000000b",
}
# The custom attributes every organization defines, by name: their value types.
ATTRIBUTES = {"age": (int, float), "vip": (bool,), "segment": (str,)}
CONTACT_FIELDS = (
    "firstName", "lastName", "fullName", "primaryEmail", "primaryPhone", "address", "city",
    "state", "zip", "occupation", "preferredChannel", "gender",
)  # fmt: skip
CITIES = ["Rabat", "Casablanca", "Fes", "Tangier", "Agadir", None]
NAMES = ["Amina", "youssef", "Zineb", "omar", "Salma", "Karim", None]


@dataclass(frozen=True)
class Choices:
    """What the spec leaves open, as this server decides it (configurable for other tests)."""

    contacts_per_org: int = 12
    audiences_per_org: int = 3
    seed: int = 7
    destructive_routes: bool = True  # undocumented bulk deletes and overwrites
    latency: float = 0.0  # seconds added to every API request
    write_latency: float = 0.0  # seconds between making a write and answering it
    fail_status: int | None = None  # answer every API request with this status
    fail_after: int | None = None  # ... once this many requests were answered (an outage)
    stall_after: int | None = None  # ... or stops answering for a while (timeouts)
    gateway: tuple[str, str] | None = None  # a header every request needs, else 403
    lists_without_meta: bool = False  # a malformed list answer: no `meta`
    # Where the vendor documents are silent, this server may decide otherwise than the spec:
    code_point_sort: bool = False  # strings sort by code point, not case-insensitively
    max_channels: int = 16  # the most channel types a contact may have


class Clock:
    """Strictly increasing timestamps in the spec's format (milliseconds, Z)."""

    def __init__(self) -> None:
        self._last = datetime(2025, 3, 1, tzinfo=UTC)

    def now(self) -> str:
        """Return a timestamp later than every earlier one."""
        self._last = max(datetime.now(UTC), self._last + timedelta(milliseconds=1))
        return self._last.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """Every record of every organization, behind one lock."""

    def __init__(self, choices: Choices) -> None:
        self.choices = choices
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Forget everything, then seed each organization's pre-existing data."""
        self.clock = Clock()
        self.contacts: dict[str, Record] = {}
        self.audiences: dict[str, Record] = {}
        self.members: set[tuple[str, str]] = set()  # (audience id, contact id)
        self.requests: list[Request] = []
        rng = random.Random(self.choices.seed)
        for org in sorted(set(KEYS.values())):
            self._seed(org, rng)

    def _seed(self, org: str, rng: random.Random) -> None:
        made = []
        for n in range(self.choices.contacts_per_org):
            first = rng.choice(NAMES)
            record = self.new_contact(org, {"primaryPhone": f"+2126{rng.randrange(10**8):08d}"})
            record.update(firstName=first, city=rng.choice(CITIES), lastName=f"Seed{n}")
            made.append(record["id"])
        for n in range(self.choices.audiences_per_org):
            audience = self.new_audience(org, {"name": f"Seeded audience {n}"})
            self.members.update((audience["id"], c) for c in rng.sample(made, min(3, len(made))))

    def _stamp(self, org: str, record_id: str) -> Record:
        at = self.clock.now()
        return {
            "id": record_id,
            "organizationId": org,
            "createdAt": at,
            "updatedAt": at,
            "deletedAt": None,
            "createdBy": None,
            "updatedBy": None,
            "deletedBy": None,
        }

    def new_contact(self, org: str, body: Record) -> Record:
        """Create a contact from a validated body."""
        record = self._stamp(org, str(uuid.uuid4()))
        record.update({field: body.get(field) for field in CONTACT_FIELDS})
        record["channels"] = list(body.get("channels") or [])
        record["customAttributes"] = dict(body.get("customAttributes") or {})
        self.contacts[record["id"]] = record
        return record

    def new_audience(self, org: str, body: Record) -> Record:
        """Create an audience from a validated body."""
        record = self._stamp(org, str(uuid.uuid4()))
        record.update(name=body["name"], description=body.get("description"))
        self.audiences[record["id"]] = record
        return record

    def active(self, table: dict[str, Record], org: str) -> list[Record]:
        """Return the organization's records of `table` that are not deleted."""
        return [r for r in table.values() if r["organizationId"] == org and not r["deletedAt"]]

    def find(self, table: dict[str, Record], org: str, record_id: str) -> Record | None:
        """Return one active record of the organization, or None."""
        record = table.get(record_id)
        if record is None or record["organizationId"] != org or record["deletedAt"]:
            return None
        return record

    def by_phone(self, org: str, phone: str) -> Record | None:
        """Return the organization's active contact with `phone`, or None."""
        return next(
            (c for c in self.active(self.contacts, org) if c["primaryPhone"] == phone), None
        )

    def touch(self, record: Record, changes: Record) -> Record:
        """Apply `changes` and move updatedAt."""
        record.update(changes)
        record["updatedAt"] = self.clock.now()
        return record

    def soft_delete(self, record: Record) -> Record:
        """Mark a record deleted (it stays, invisible)."""
        record["deletedAt"] = self.touch(record, {})["updatedAt"]
        return record

    def member_count(self, audience_id: str) -> int:
        """Return how many active contacts the audience has."""
        return sum(
            1 for a, c in self.members if a == audience_id and not self.contacts[c]["deletedAt"]
        )

    def dump(self, ids: set[str] | None = None) -> str:
        """Return the records (all, or those with `ids`) and memberships as canonical JSON."""
        with self.lock:
            data = {
                "contacts": {k: v for k, v in self.contacts.items() if ids is None or k in ids},
                "audiences": {k: v for k, v in self.audiences.items() if ids is None or k in ids},
                "members": sorted(
                    m for m in self.members if ids is None or m[0] in ids or m[1] in ids
                ),
            }
            return json.dumps(copy.deepcopy(data), sort_keys=True)
