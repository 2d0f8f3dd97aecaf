"""Deterministic seed data: contacts, audiences and memberships from a profile and a seed.

Speed matters: the `large` profile seeds 100,000 contacts at server start. Faker costs about
10 µs a call and a contact needs a dozen values, so calling it per field would take seconds.
Faker (seeded) therefore only fills small pools of names, jobs and addresses once; every contact
is then assembled from those pools with one `random.Random`, picking by `random()` arithmetic:
`Random.choice` and `randrange` are pure Python on 3.11 and would cost 2-3x the whole budget.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from faker import Faker

from mockserver.fixtures import AttributeDefinition, AudienceTemplate, City, Fixtures, Organization

Record = dict[str, Any]
AttributeValue = int | bool | str | list[str]
T = TypeVar("T")

# Seeded records are created in the 365 days before this day (midnight UTC): never the clock.
EPOCH = date(2025, 6, 1)
_WINDOW_DAYS = 365
_WINDOW_MS = _WINDOW_DAYS * 86_400_000
_PHONE_SPACE = 2 * 10**8  # the subscriber numbers of +2126XXXXXXXX and +2127XXXXXXXX
# fr_DZ gives Maghrebi names in Latin transliteration, the closest Faker has to Moroccan ones.
_LOCALE_SHARES = (("fr_DZ", 6), ("fr_FR", 3), ("en_US", 1))
_POOL_SIZE = 500
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
class _Pools:
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    slugs: Mapping[str, str]  # name -> its lowercase ASCII letters, for email addresses
    domains: tuple[str, ...]
    occupations: tuple[str, ...]
    addresses: tuple[str, ...]
    cities: tuple[City, ...]  # each city repeated by its weight, so a uniform pick is weighted
    days: tuple[str, ...]  # the window's dates, "YYYY-MM-DD", oldest first
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
    pools = _build_pools(fixtures, seed)
    data = SeedData([], [], [])
    for org in fixtures.organizations:
        counts = fixtures.profiles[profile].counts_for(org.id)
        seeder = _OrganizationSeeder(fixtures, pools, org, seed)
        org_contacts = seeder.contacts(counts.contacts if contacts is None else contacts)
        audience_count = counts.audiences if audiences is None else audiences
        org_audiences, memberships = seeder.audiences(
            fixtures.audience_catalogue, audience_count, counts.audience_size, org_contacts
        )
        data.contacts.extend(org_contacts)
        data.audiences.extend(org_audiences)
        data.memberships.extend(memberships)
    return data


def _build_pools(fixtures: Fixtures, seed: int) -> _Pools:
    fakers = [(Faker(locale), share) for locale, share in _LOCALE_SHARES]
    for faker, _ in fakers:
        faker.seed_instance(seed)

    def draw(method: str, low: int, high: int) -> tuple[str, ...]:
        """Return pool values from every locale by its share, keeping those of `low`-`high` chars."""
        size = _POOL_SIZE // sum(share for _, share in _LOCALE_SHARES)
        values = [getattr(f, method)() for f, share in fakers for _ in range(size * share)]
        return tuple(value for value in values if low <= len(value) <= high and _slug(value))

    male, female = (draw(method, 2, 64) for method in ("first_name_male", "first_name_female"))
    last = draw("last_name", 1, 64)
    main = fakers[0][0]
    return _Pools(
        male=male,
        female=female,
        last=last,
        slugs={name: _slug(name) for name in (*male, *female, *last)},
        # dict, not set: a set's order depends on PYTHONHASHSEED and would differ between runs.
        domains=tuple(dict.fromkeys(f.free_email_domain() for f, _ in fakers for _ in range(8))),
        occupations=tuple(job[0].upper() + job[1:] for job in draw("job", 3, 64)),
        addresses=tuple(
            f"{main.random_int(1, 300)} {main.random_element(fixtures.streets)}"
            for _ in range(_POOL_SIZE)
        ),
        cities=tuple(city for city in fixtures.cities for _ in range(city.weight)),
        days=tuple(str(EPOCH - timedelta(days=_WINDOW_DAYS - i)) for i in range(_WINDOW_DAYS)),
        minutes=tuple(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(24 * 60)),
        seconds=tuple(f"{ms // 1000:02d}.{ms % 1000:03d}" for ms in range(60_000)),
    )


def _slug(name: str) -> str:
    """Return the lowercase ASCII letters and digits of `name` ("Aït Ben" -> "aitben")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(char for char in ascii_name.lower() if char.isalnum())


def _pick(random: Callable[[], float], items: Sequence[T]) -> T:
    """Return a random item of `items`, several times faster than `Random.choice`."""
    return items[int(random() * len(items))]


def _distinct(random: Callable[[], float], space: int, count: int) -> list[int]:
    """Return `count` distinct integers below `space`, like `Random.sample(range(space))`."""
    drawn: dict[int, None] = {}  # a dict keeps the draw order, hence determinism
    while len(drawn) < count:
        drawn[int(random() * space)] = None
    return list(drawn)


class _OrganizationSeeder:
    """The contacts and audiences of one organization."""

    def __init__(self, fixtures: Fixtures, pools: _Pools, org: Organization, seed: int) -> None:
        # One generator per organization and purpose, seeded from a string (hashed with SHA-512,
        # so independent of PYTHONHASHSEED): changing one count leaves the rest of the data alone.
        self.rng, self.audience_rng = (
            random.Random(f"{seed}:{org.id}:{purpose}") for purpose in ("contacts", "audiences")
        )
        self.random = self.rng.random
        self.pools, self.org_id = pools, org.id
        self.users = tuple(user.id for user in org.users)
        self.attributes = [
            (d.name, _sampler(d, self.random)) for d in fixtures.attributes_for(org.id)
        ]

    def contacts(self, count: int) -> list[Record]:
        """Return `count` contacts; each optional field is empty for a share of them."""
        pools = self.pools
        # Distinct numbers keep phones unique in the organization, as upsert by phone needs.
        columns = (
            _distinct(self.random, _PHONE_SPACE, count),
            self._column(pools.addresses, count, present=0.7),
            self._column(pools.cities, count, present=0.85),
            self._column(pools.occupations, count, present=0.7),
        )
        return [self._contact(*row) for row in zip(*columns, strict=True)]

    def _column(self, pool: Sequence[T], count: int, present: float) -> list[T | None]:
        """Return `count` picks from `pool`, None for about 1 - `present` of them."""
        # A column at a time: Random.choices loops inside one call, much cheaper than a pick
        # per contact and field.
        random = self.random
        return [value if random() < present else None for value in self.rng.choices(pool, k=count)]

    def audiences(
        self,
        catalogue: Sequence[AudienceTemplate],
        count: int,
        size: tuple[int, int],
        contacts: Sequence[Record],
    ) -> tuple[list[Record], list[tuple[str, str]]]:
        """Return `count` audiences and their memberships, members sampled from `contacts`."""
        rng, templates = self.audience_rng, list(catalogue)
        rng.shuffle(templates)
        contact_ids = [contact["id"] for contact in contacts]
        audiences: list[Record] = []
        memberships: list[tuple[str, str]] = []
        for index in range(count):
            template, repeat = templates[index % len(templates)], index // len(templates)
            audience_id = _uuid(rng)
            created, updated, created_by, updated_by = self._audit(rng.random)
            audiences.append(
                {
                    "id": audience_id,
                    "organizationId": self.org_id,
                    "name": template.name if repeat == 0 else f"{template.name} ({repeat + 1})",
                    "description": template.description,
                    "createdAt": created,
                    "updatedAt": updated,
                    "deletedAt": None,
                    "createdBy": created_by,
                    "updatedBy": updated_by,
                    "deletedBy": None,
                }
            )
            members = rng.sample(contact_ids, min(rng.randint(*size), len(contact_ids)))
            memberships.extend((audience_id, member) for member in members)
        return audiences, memberships

    def _audit(self, random: Callable[[], float]) -> tuple[str, str, str, str]:
        """Return createdAt, updatedAt, createdBy, updatedBy; most records were never updated."""
        created = int(random() * _WINDOW_MS)
        if random() < 0.6:
            author = _pick(random, self.users)
            return self._timestamp(created), self._timestamp(created), author, author
        updated = created + int(random() * (_WINDOW_MS - created))
        users = self.users
        return (
            self._timestamp(created),
            self._timestamp(updated),
            _pick(random, users),
            _pick(random, users),
        )

    def _timestamp(self, offset_ms: int) -> str:
        # Lookups in precomputed tables: ~10x faster than datetime arithmetic and isoformat.
        pools = self.pools
        minute, millis = divmod(offset_ms, 60_000)
        day, minute = divmod(minute, 24 * 60)
        return f"{pools.days[day]}T{pools.minutes[minute]}:{pools.seconds[millis]}Z"

    def _contact(
        self, number: int, address: str | None, city: City | None, occupation: str | None
    ) -> Record:
        random = self.random
        first, last, gender = self._names()
        email = self._email(first, last) if first and last and random() < 0.8 else None
        channels = list(_pick(random, _EMAIL_CHANNEL_SETS if email else _CHANNEL_SETS))
        created, updated, created_by, updated_by = self._audit(random)
        return {
            "id": _uuid(self.rng),
            "organizationId": self.org_id,
            "firstName": first,
            "lastName": last,
            "fullName": f"{first} {last}"[:64].rstrip() if first else None,
            "primaryEmail": email,
            "primaryPhone": f"+212{6 + number // 10**8}{number % 10**8:08d}",
            "address": address,
            "city": city.name if city else None,
            "state": city.region if city else None,
            "zip": city.zip if city and random() < 0.8 else None,
            "occupation": occupation,
            "preferredChannel": _pick(random, channels) if channels and random() < 0.9 else None,
            "gender": gender,
            "channels": channels,
            "customAttributes": {
                name: value() for name, value in self.attributes if random() < 0.4
            },
            "createdAt": created,
            "updatedAt": updated,
            "deletedAt": None,
            "createdBy": created_by,
            "updatedBy": updated_by,
            "deletedBy": None,
        }

    def _names(self) -> tuple[str | None, str | None, str | None]:
        """Return (firstName, lastName, gender); a few contacts are a bare phone number."""
        random, pools, draw = self.random, self.pools, self.random()
        gender = "male" if draw < 0.45 else "female" if draw < 0.9 else None
        if random() < 0.05:
            return None, None, gender
        male = gender == "male" or (gender is None and random() < 0.5)
        return (
            _pick(random, pools.male if male else pools.female),
            _pick(random, pools.last),
            gender,
        )

    def _email(self, first: str, last: str) -> str:
        random, draw = self.random, self.random()
        given, family = self.pools.slugs[first], self.pools.slugs[last]
        if draw < 0.5:
            local = f"{given}.{family}"
        else:
            local = f"{given}{family}{int(random() * 100)}" if draw < 0.8 else given[0] + family
        return f"{local}@{_pick(random, self.pools.domains)}"


def _sampler(
    definition: AttributeDefinition, random: Callable[[], float]
) -> Callable[[], AttributeValue]:
    """Return a function drawing values of the attribute's type from its seed range or choices."""
    low, high = definition.seed_range
    choices = definition.seed_choices
    samplers: dict[str, Callable[[], AttributeValue]] = {
        "number": lambda: low + int(random() * (high - low + 1)),
        "boolean": lambda: random() < 0.5,
        "string": lambda: _pick(random, choices),
        "array": lambda: [c for c in choices if random() < 0.25] or [_pick(random, choices)],
    }
    return samplers[definition.type]


def _uuid(rng: random.Random) -> str:
    """Return a version 4 UUID drawn from `rng` (never uuid4(): seeds must replay)."""
    # Formatting the integer directly is ~3x faster than str(uuid.UUID(int=..., version=4)).
    hexa = f"{rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET:032x}"
    return f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"
