"""Deterministic seed data: contacts, audiences and memberships from a profile and a seed.

Speed matters: the `large` profile seeds 100,000 contacts at server start. Faker costs about
10 µs a call and a contact needs a dozen values, so calling it per field would take seconds.
Faker (seeded) therefore only fills small pools of names, jobs and addresses once; contacts are
then assembled from those pools with one `random.Random` per organization, picking by
`random()` arithmetic or whole columns at a time (`Random.choice` and `randrange` are pure
Python and cost several times more).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from faker import Faker

from mockserver.fixtures import AttributeDefinition, AudienceTemplate, City, Fixtures, Organization

Record = dict[str, Any]
AttributeValue = int | bool | str | list[str]
T = TypeVar("T")

# Seeded records are created in the 365 days before this day (midnight UTC): never the clock.
EPOCH = date(2025, 6, 1)
_WINDOW_DAYS = 365
WINDOW_MS = _WINDOW_DAYS * 86_400_000
PHONE_SPACE = 2 * 10**8  # Moroccan mobiles: +2126XXXXXXXX and +2127XXXXXXXX
# fr_DZ gives Maghrebi names in Latin transliteration, the closest Faker has to Moroccan ones.
_LOCALE_SHARES = (("fr_DZ", 6), ("fr_FR", 3), ("en_US", 1))
_POOL_SIZE = 500
_GENDERS = ("male", "female", None)
_CHANNEL_SETS = ((), ("phone",), ("phone", "whatsapp"), ("phone", "sms"), ("whatsapp",))
# "email" is only a channel of contacts that have an email address.
_EMAIL_CHANNEL_SETS = (*_CHANNEL_SETS, ("phone", "email"), ("email",), ("whatsapp", "email"))
# A version 4 UUID is 122 random bits with the version (4) and variant (10) bits fixed.
_UUID_CLEAR = ~((0xF << 76) | (0x3 << 62))
_UUID_SET = (0x4 << 76) | (0x2 << 62)


@dataclass(frozen=True)
class SeedData:
    """Seed records for the store: plain dicts keyed by the API's field names."""

    contacts: list[Record]
    audiences: list[Record]
    memberships: list[tuple[str, str]]  # (audience id, contact id)


@dataclass(frozen=True)
class Pools:
    first_names: Mapping[str | None, tuple[str, ...]]  # by gender; None: either
    last_names: tuple[str, ...]
    slugs: Mapping[str, str]  # name -> its lowercase ASCII letters, for email addresses
    domains: tuple[str, ...]
    occupations: tuple[str, ...]
    addresses: tuple[str, ...]
    cities: tuple[City, ...]  # each city repeated by its weight, so a uniform pick is weighted
    # Timestamps are assembled from these tables: over 10x faster than datetime.isoformat.
    days: tuple[str, ...]  # "YYYY-MM-DD" of each day of the window, oldest first
    minutes: tuple[str, ...]  # "HH:MM" of each minute of a day
    seconds: tuple[str, ...]  # "SS.mmm" of each millisecond of a minute


def generate(
    fixtures: Fixtures,
    profile: str,
    seed: int,
    *,
    contacts: int | None = None,
    audiences: int | None = None,
) -> SeedData:
    """Generate the seed data of `profile`; `contacts`/`audiences` replace every org's counts."""
    if profile not in fixtures.profiles:
        raise ValueError(f"unknown profile {profile!r}; known: {sorted(fixtures.profiles)}")
    if min(contacts or 0, audiences or 0) < 0:
        raise ValueError("contact and audience counts must be >= 0")
    data = SeedData([], [], [])
    pools = pools_for(fixtures, seed)
    for org in fixtures.organizations_of("gomobile"):
        counts = fixtures.profiles[profile].counts_for(org.id)
        seeder = _OrganizationSeeder(fixtures, pools, org, seed)
        org_contacts = seeder.contacts(counts.contacts if contacts is None else contacts)
        seeder.add_audiences(
            data,
            fixtures.audience_catalogue,
            counts.audiences if audiences is None else audiences,
            counts.audience_size,
            [contact["id"] for contact in org_contacts],
        )
        data.contacts.extend(org_contacts)
    return data


def pools_for(fixtures: Fixtures, seed: int) -> Pools:
    # Building the pools costs most of a small reset, and a reset reseeds with the same seed
    # again and again (the pytest plugin resets before every test): build them once per seed.
    return _pools(fixtures.streets, fixtures.cities, seed)


@lru_cache(maxsize=8)
def _pools(streets: tuple[str, ...], cities: tuple[City, ...], seed: int) -> Pools:
    """Return the pools of `seed` (cached: the pools are never mutated)."""
    fakers = [(Faker(locale), share) for locale, share in _LOCALE_SHARES]
    for faker, _ in fakers:
        faker.seed_instance(seed)

    def draw(method: str, low: int, high: int) -> tuple[str, ...]:
        """Draw from every locale by its share; keep values of `low`-`high` characters."""
        size = _POOL_SIZE // sum(share for _, share in _LOCALE_SHARES)
        values = [getattr(f, method)() for f, share in fakers for _ in range(size * share)]
        return tuple(value for value in values if low <= len(value) <= high and slug(value))

    male, female = draw("first_name_male", 2, 64), draw("first_name_female", 2, 64)
    last = draw("last_name", 1, 64)
    main = fakers[0][0]
    return Pools(
        first_names={"male": male, "female": female, None: male + female},
        last_names=last,
        slugs={name: slug(name) for name in (*male, *female, *last)},
        # dict, not set: a set's order depends on PYTHONHASHSEED and would differ between runs.
        domains=tuple(dict.fromkeys(f.free_email_domain() for f, _ in fakers for _ in range(8))),
        occupations=tuple(job[0].upper() + job[1:] for job in draw("job", 3, 64)),
        addresses=tuple(
            f"{main.random_int(1, 300)} {main.random_element(streets)}" for _ in range(_POOL_SIZE)
        ),
        cities=tuple(city for city in cities for _ in range(city.weight)),
        days=tuple(str(EPOCH - timedelta(days=_WINDOW_DAYS - i)) for i in range(_WINDOW_DAYS)),
        minutes=tuple(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(24 * 60)),
        seconds=tuple(f"{ms // 1000:02d}.{ms % 1000:03d}" for ms in range(60_000)),
    )


def timestamp(pools: Pools, offset_ms: int) -> str:
    """Return the ISO timestamp `offset_ms` into the seed window (0 <= offset < WINDOW_MS)."""
    minute, millis = divmod(offset_ms, 60_000)
    day, minute = divmod(minute, 24 * 60)
    return f"{pools.days[day]}T{pools.minutes[minute]}:{pools.seconds[millis]}Z"


def slug(name: str) -> str:
    """Return the lowercase ASCII letters and digits of `name` ("Aït Ben" -> "aitben")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(char for char in ascii_name.lower() if char.isalnum())


def pick(random: Callable[[], float], items: Sequence[T]) -> T:
    """Return a random item of `items`, several times faster than `Random.choice`."""
    return items[int(random() * len(items))]


def _uuid(rng: random.Random) -> str:
    """Return a version 4 UUID drawn from `rng` (never uuid4(): seeds must replay)."""
    # Formatting the integer directly is ~3x faster than str(uuid.UUID(int=..., version=4)).
    hexa = f"{rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET:032x}"
    return f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"


def _sampler(
    definition: AttributeDefinition, random: Callable[[], float]
) -> Callable[[], AttributeValue]:
    """Return a function drawing values of the attribute's type from its seed range or choices."""
    low, high = definition.seed_range
    choices = definition.seed_choices
    samplers: dict[str, Callable[[], AttributeValue]] = {
        "number": lambda: low + int(random() * (high - low + 1)),
        "boolean": lambda: random() < 0.5,
        "string": lambda: pick(random, choices),
        "array": lambda: [c for c in choices if random() < 0.25] or [pick(random, choices)],
    }
    return samplers[definition.type]


class _OrganizationSeeder:
    """The contacts and audiences of one organization."""

    def __init__(self, fixtures: Fixtures, pools: Pools, org: Organization, seed: int) -> None:
        # One generator per organization and purpose, seeded from a string (hashed with SHA-512,
        # so independent of PYTHONHASHSEED): changing one count leaves the rest of the data alone.
        self.rng, self.audience_rng = (
            random.Random(f"{seed}:{org.id}:{purpose}") for purpose in ("contacts", "audiences")
        )
        self.random = self.rng.random
        self.pools, self.org_id = pools, org.id
        self.users = tuple(user.id for user in org.users)
        samplers = [(d.name, _sampler(d, self.random)) for d in fixtures.attributes_for(org.id)]
        # Which attributes a contact has is one pick among subsets drawn here (each attribute in
        # 40% of them): a draw per attribute and contact would cost a tenth of the seeding time.
        self.attribute_sets = [
            tuple(sampler for sampler in samplers if self.random() < 0.4) for _ in range(256)
        ]

    def contacts(self, count: int) -> list[Record]:
        """Return `count` contacts; each optional field is empty for a share of them."""
        pools, random = self.pools, self.random
        genders = self.rng.choices(_GENDERS, cum_weights=(45, 90, 100), k=count)
        columns = (
            self._phones(count),
            genders,
            [pick(random, pools.first_names[g]) if random() < 0.95 else None for g in genders],
            self._column(pools.last_names, count, present=0.92),
            self._column(pools.addresses, count, present=0.7),
            self._column(pools.cities, count, present=0.85),
            self._column(pools.occupations, count, present=0.7),
        )
        return list(map(self._contact, *columns))

    def _phones(self, count: int) -> list[str]:
        """Return `count` distinct phones: upsert matches by phone, so they are unique per org."""
        if count > PHONE_SPACE:
            raise ValueError(f"at most {PHONE_SPACE} contacts per organization, not {count}")
        drawn: dict[int, None] = {}  # a dict, not a set: it keeps the (deterministic) draw order
        while len(drawn) < count:
            drawn[int(self.random() * PHONE_SPACE)] = None
        # +2126XXXXXXXX and +2127XXXXXXXX are "+212" and 600,000,000 + n, n < 200,000,000.
        return [f"+212{600_000_000 + number}" for number in drawn]

    def _column(self, pool: Sequence[T], count: int, present: float) -> list[T | None]:
        """Return `count` picks from `pool`, None for about 1 - `present` of them."""
        # Random.choices loops inside one call: far cheaper than a pick per contact and field.
        random = self.random
        return [value if random() < present else None for value in self.rng.choices(pool, k=count)]

    def _contact(
        self,
        phone: str,
        gender: str | None,
        first: str | None,
        last: str | None,
        address: str | None,
        city: City | None,
        occupation: str | None,
    ) -> Record:
        random = self.random
        email = self._email(first, last) if first and last and random() < 0.8 else None
        channels = list(pick(random, _EMAIL_CHANNEL_SETS if email else _CHANNEL_SETS))
        return {
            "id": _uuid(self.rng),
            "organizationId": self.org_id,
            "firstName": first,
            "lastName": last,
            "fullName": f"{first} {last}"[:64].rstrip() if first and last else None,
            "primaryEmail": email,
            "primaryPhone": phone,
            "address": address,
            "city": city.name if city else None,
            "state": city.region if city else None,
            "zip": city.zip if city and random() < 0.8 else None,
            "occupation": occupation,
            "preferredChannel": pick(random, channels) if channels and random() < 0.9 else None,
            "gender": gender,
            "channels": channels,
            "customAttributes": {
                name: value() for name, value in pick(random, self.attribute_sets)
            },
            **self._audit(random),
        }

    def _email(self, first: str, last: str) -> str:
        random, slugs = self.random, self.pools.slugs
        given, family, style = slugs[first], slugs[last], random()
        if style < 0.5:
            local = f"{given}.{family}"
        else:
            local = f"{given}{family}{int(random() * 100)}" if style < 0.8 else given[0] + family
        return f"{local}@{pick(random, self.pools.domains)}"

    def _audit(self, random: Callable[[], float]) -> Record:
        """Return the audit fields of a live record; most records were never updated."""
        created = int(random() * WINDOW_MS)
        created_at, author = self._timestamp(created), pick(random, self.users)
        if random() < 0.6:
            updated_at, editor = created_at, author
        else:
            updated_at = self._timestamp(created + int(random() * (WINDOW_MS - created)))
            editor = pick(random, self.users)
        return {
            "createdAt": created_at,
            "updatedAt": updated_at,
            "deletedAt": None,
            "createdBy": author,
            "updatedBy": editor,
            "deletedBy": None,
        }

    def _timestamp(self, offset_ms: int) -> str:
        return timestamp(self.pools, offset_ms)

    def add_audiences(
        self,
        data: SeedData,
        catalogue: Sequence[AudienceTemplate],
        count: int,
        size: tuple[int, int],
        contact_ids: Sequence[str],
    ) -> None:
        """Add `count` audiences to `data`, with members sampled from `contact_ids`."""
        rng, templates = self.audience_rng, list(catalogue)
        rng.shuffle(templates)
        for index in range(count):
            template, repeat = templates[index % len(templates)], index // len(templates)
            audience_id = _uuid(rng)
            data.audiences.append(
                {
                    "id": audience_id,
                    "organizationId": self.org_id,
                    "name": template.name if repeat == 0 else f"{template.name} ({repeat + 1})",
                    "description": template.description,
                    **self._audit(rng.random),
                }
            )
            members = rng.sample(contact_ids, min(rng.randint(*size), len(contact_ids)))
            data.memberships.extend((audience_id, member) for member in members)
