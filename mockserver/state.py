"""Everything the mock remembers, in one object behind one lock, with `reset()`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, replace
from typing import Any, TypeVar

from mockserver.apis import APIS
from mockserver.clientcontacts.data import ClientContactsData
from mockserver.dataset import Dataset
from mockserver.errors import BadRequest, MockError
from mockserver.fixtures import Fixtures, load_fixtures
from mockserver.gomobile.data import GomobileData
from mockserver.store import DELETED_LIMIT, Backend
from mockserver.store.memory_backend import MemoryBackend

D = TypeVar("D")
STATE_FORMAT = "contactkit-state"
STATE_VERSION = 1


@dataclass(frozen=True)
class SeedSettings:
    """What the data is seeded from: a profile, a seed, and optional size overrides."""

    seed: int = 1
    profile: str = "default"
    contacts: int | None = None
    audiences: int | None = None


@dataclass(frozen=True)
class Caller:
    """Who sent a request: the API key, its organization and the user it acts as."""

    api_key: str
    organization_id: str
    user_id: str


class State:
    """The mock's data, journal and faults. Handlers hold `lock` around every read and write.

    One lock for all state keeps every request atomic (an upsert batch, an add-contacts) and
    is cheap: the GIL serializes the work anyway.
    """

    def __init__(
        self,
        fixtures: Fixtures | None = None,
        settings: SeedSettings | None = None,
        journal_size: int = 1000,
        seeding: Callable[[], AbstractContextManager[object]] = nullcontext,
        deleted_limit: int = DELETED_LIMIT,
        backend: Backend | None = None,
    ) -> None:
        self.backend = backend or MemoryBackend()
        self.lock = self.backend.lock()
        # What each seeding runs inside: `contactkit mock` tunes its own garbage collector.
        self._seeding = seeding
        self._deleted_limit = deleted_limit
        self.fixtures = fixtures or load_fixtures()
        self._settings = settings or SeedSettings()
        # Shared by every replica on a shared store: what one records, injects or stamps, all see.
        self.clock = self.backend.clock()
        self.journal = self.backend.journal(journal_size)
        self.faults = self.backend.faults()
        # One dataset per hosted API, in the order of `apis.APIS`.
        self.datasets: dict[str, Dataset] = {api.name: api.dataset(self.backend) for api in APIS}
        self.limit_deleted(deleted_limit)
        self._join_or_reset()

    def sandbox(self, backend: Backend) -> State:
        """Return a state on `backend` with this one's options, seeded like this one is now.

        On a shared store whose sandbox is seeded already, the new state adopts that data.
        """
        return State(
            self.fixtures,
            self.settings,
            self.journal.size,
            self._seeding,
            self._deleted_limit,
            backend,
        )

    @property
    def gomobile(self) -> GomobileData:
        """The Gomobile API's data (contacts, audiences, members)."""
        return self._dataset("gomobile", GomobileData)

    @property
    def client_contacts(self) -> ClientContactsData:
        """The client contacts API's data."""
        return self._dataset("client-contacts", ClientContactsData)

    def _dataset(self, name: str, kind: type[D]) -> D:
        dataset = self.datasets[name]
        assert isinstance(dataset, kind)
        return dataset

    @property
    def settings(self) -> SeedSettings:
        """The seed settings of the data (on a shared store: its last seeding, by any replica)."""
        saved = self.backend.saved_settings()
        if saved is not None:
            self._settings = replace(SeedSettings(), **saved)
        return self._settings

    def reset(self) -> None:
        """Go back to the seed data; clear the journal and the faults."""
        self._seed(self.settings)

    def reseed(self, **changes: Any) -> None:
        """Seed again with other settings (seed, profile, contacts, audiences)."""
        self._seed(replace(self.settings, **changes))

    def _seed(self, settings: SeedSettings) -> None:
        """Replace the data with the seed data of `settings`; clear the journal and the faults."""
        if settings.profile not in self.fixtures.profiles:
            known = ", ".join(sorted(self.fixtures.profiles))
            raise BadRequest(f"Unknown seed profile {settings.profile!r}: use one of {known}")
        counts = {"contacts": settings.contacts, "audiences": settings.audiences}
        with self.lock:
            with self._seeding():
                for dataset in self.datasets.values():
                    dataset.seed(self.fixtures, settings.profile, settings.seed, counts)
                self.backend.save_settings(asdict(settings))
            self._settings = settings
            self.journal.clear()
            self.faults.clear(settings.seed)

    def _join_or_reset(self) -> None:
        """Seed the data, unless a shared store already holds seeded data: then adopt it as is.

        A replica that starts (or restarts) beside running ones must not wipe what they wrote,
        nor their journal and faults.
        """
        if self.backend.saved_settings() is None:
            self.reset()

    def limit_deleted(self, limit: int) -> None:
        """Keep at most `limit` soft-deleted records per table; the longest deleted go first."""
        with self.lock:
            for dataset in self.datasets.values():
                for table in dataset.tables():
                    table.limit_deleted(limit)

    def caller(self, api_key: str, api: str | None = None) -> Caller | None:
        """Return who `api_key` belongs to, or None for an unknown key (or one of another API)."""
        organization = self.fixtures.organization_for_key(api_key)
        if organization is None or (api is not None and organization.api != api):
            return None
        user = organization.user_for_key(api_key)
        user_id = user.id if user else organization.default_user_id
        return Caller(api_key=api_key, organization_id=organization.id, user_id=user_id)

    def export(self) -> dict[str, Any]:
        """Return a copy of the whole state as JSON-ready data (`restore` takes it back).

        The copy is taken under the lock and no later write changes it, so it may be
        serialized after the lock is released: what is exported or saved always loads.
        """
        with self.lock:
            return {
                "format": STATE_FORMAT,
                "version": STATE_VERSION,
                "settings": asdict(self.settings),
                "datasets": {name: dataset.dump() for name, dataset in self.datasets.items()},
            }

    def restore(self, data: Any) -> None:
        """Replace the data (and the settings) with an `export()`, all or nothing.

        Every record is checked against the spec's schemas and the API's rules first, outside
        the lock; a document with any violation changes nothing and the BadRequest lists them all.
        """
        dumps = _datasets_of(data, tuple(self.datasets))
        settings = self._settings_of(data.get("settings"))
        messages = [
            message
            for name, dump in dumps.items()
            for message in self.datasets[name].check(dump, self.fixtures)
        ]
        if messages:
            raise BadRequest(messages)
        with self.lock:
            backups = {name: self.datasets[name].dump() for name in dumps}
            try:
                for name, dump in dumps.items():
                    self.datasets[name].restore(dump)
            except MockError as error:  # a rule the checks missed: keep what there was
                for name, backup in backups.items():
                    self.datasets[name].restore(backup)
                raise BadRequest(f"The state document is inconsistent: {error}") from None
            self._settings = settings
            self.backend.save_settings(asdict(settings))

    def _settings_of(self, given: Any) -> SeedSettings:
        """Return the settings an imported document names (the current ones if it names none)."""
        if given is None:
            return self.settings
        fields = {"seed": int, "profile": str, "contacts": int | None, "audiences": int | None}
        if not isinstance(given, dict) or not set(given) <= set(fields):
            raise BadRequest(f"The state document's settings may only have {', '.join(fields)}")
        wrong = [k for k, v in given.items() if not isinstance(v, fields[k]) or isinstance(v, bool)]
        if wrong:
            raise BadRequest(f"The state document's settings have a wrong type: {', '.join(wrong)}")
        settings = replace(SeedSettings(), **given)
        if settings.profile not in self.fixtures.profiles:
            raise BadRequest(f"The state document's profile {settings.profile!r} is unknown")
        return settings


def _datasets_of(data: Any, hosted: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Return the datasets of a state document that this mock hosts; BadRequest if none."""
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise BadRequest(f"Not a contactkit state document (expected format {STATE_FORMAT!r})")
    if data.get("version") != STATE_VERSION:
        raise BadRequest(f"Unsupported state version {data.get('version')!r}: expected 1")
    dumps = data.get("datasets")
    if not isinstance(dumps, dict):
        raise BadRequest("The state document has no datasets")
    # A document written before an API was hosted leaves that API's data as it is.
    present = {name: dumps[name] for name in hosted if name in dumps}
    for name, dump in present.items():
        if not isinstance(dump, dict):
            raise BadRequest(f"The state document's {name!r} dataset is not an object")
    if not present:
        raise BadRequest(f"The state document has none of the datasets {sorted(hosted)}")
    return present
