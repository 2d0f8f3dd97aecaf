"""Deterministic seed data of the client contacts API, from the same pools as Gomobile's.

Names come in pairs (Latin and Arabic script, fixtures/names.yaml) so `local_name` is the
`name` written in Arabic, as in the vendor document's example; job titles, email domains and
timestamps come from the Faker pools `mockserver.seeding` builds once per seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

from faker import Faker

from mockserver.clientcontacts.ids import object_id
from mockserver.fixtures import Fixtures, Organization, User
from mockserver.seeding import (
    EPOCH,
    PHONE_SPACE,
    WINDOW_MS,
    Pools,
    pick,
    pools_for,
    slug,
    timestamp,
)
from mockserver.store import Record

_WINDOW_START_S = int(datetime(EPOCH.year, EPOCH.month, EPOCH.day, tzinfo=UTC).timestamp()) - (
    WINDOW_MS // 1000
)
_SYNC_STATUSES = ("active", "pending", "failed", "updated")


@lru_cache(maxsize=8)
def _notes(seed: int) -> tuple[str, ...]:
    """Return Faker sentences for `extra_info` (cached per seed, like the other pools)."""
    faker = Faker("en_US")
    faker.seed_instance(seed)
    return tuple(faker.sentence(nb_words=8) for _ in range(200))


def creator(user: User) -> Record:
    """Render a fixture user as a creator / editor object."""
    return {"_id": user.id, "username": user.username, "name": user.name, "type": user.type}


def generate(
    fixtures: Fixtures, profile: str, seed: int, contacts: int | None = None
) -> list[Record]:
    """Return the client contacts of every client-contacts organization in `profile`."""
    records: list[Record] = []
    pools, notes = pools_for(fixtures, seed), _notes(seed)
    for org in fixtures.organizations_of("client-contacts"):
        count = fixtures.profiles[profile].counts_for(org.id).contacts
        seeder = _Seeder(fixtures, pools, notes, org, seed)
        records.extend(seeder.contact() for _ in range(count if contacts is None else contacts))
    return records


class _Seeder:
    """The client contacts of one organization, from one generator seeded by seed and org."""

    def __init__(
        self, fixtures: Fixtures, pools: Pools, notes: tuple[str, ...], org: Organization, seed: int
    ) -> None:
        self.rng = random.Random(f"{seed}:{org.id}:client-contacts")
        self.random: Callable[[], float] = self.rng.random
        self.pools, self.notes, self.org = pools, notes, org
        self.firsts, self.lasts = fixtures.first_name_pairs, fixtures.last_name_pairs
        self.users = tuple(creator(user) for user in org.users)

    def contact(self) -> Record:
        """Return one client contact; each optional field is unset for a share of them."""
        random = self.random
        (first, local_first), (last, local_last) = (
            pick(random, self.firsts),
            pick(random, self.lasts),
        )
        created = int(random() * WINDOW_MS)
        updated = created if random() < 0.6 else created + int(random() * (WINDOW_MS - created))
        author = pick(random, self.users)
        record: Record = {
            "_id": object_id(_WINDOW_START_S + created // 1000, self.rng.getrandbits(64)),
            "organizationId": self.org.id,
            "creator": author,
            "editor": author if updated == created else pick(random, self.users),
            "name": f"{first} {last}",
            "local_name": f"{local_first} {local_last}" if random() < 0.85 else None,
            "phone1": self._phone(),
            "phone2": self._phone() if random() < 0.3 else None,
            "email": f"{slug(first)}.{slug(last)}@{pick(random, self.pools.domains)}"
            if random() < 0.8
            else None,
            "title": pick(random, self.pools.occupations) if random() < 0.7 else None,
            "extra_info": pick(random, self.notes) if random() < 0.3 else None,
            "disabled": random() < 0.1,
            "media": self._media(),
            "company_namespace": self._namespaces(),
            "createdAt": timestamp(self.pools, created),
            "updatedAt": timestamp(self.pools, updated),
            "__v": 0 if updated == created else 1 + int(random() * 5),
        }
        record.update(self._extras())
        return record

    def _phone(self) -> str:
        return f"+212{600_000_000 + int(self.random() * PHONE_SPACE)}"

    def _media(self) -> list[str]:
        count = int(self.random() * 4) if self.random() < 0.4 else 0
        host = self.org.namespaces[0] if self.org.namespaces else "media"
        return [
            f"https://cdn.{host}.ma/media/{self.rng.getrandbits(48):012x}.jpg" for _ in range(count)
        ]

    def _namespaces(self) -> list[str]:
        spaces = self.org.namespaces
        return [space for space in spaces if self.random() < 0.35] or list(spaces[:1])

    def _extras(self) -> Record:
        random, extras = self.random, Record()
        if random() < 0.25:
            host = self.org.namespaces[0] if self.org.namespaces else "media"
            extras["cover_photo"] = (
                f"https://cdn.{host}.ma/covers/{self.rng.getrandbits(48):012x}.jpg"
            )
        if random() < 0.4:
            extras["integration_meta"] = {
                "external_id": f"contact_{int(random() * 10**6)}",
                "sync_status": pick(random, _SYNC_STATUSES),
            }
        return extras
