"""Everything the mock remembers, in one object behind one lock, with `reset()`."""

from __future__ import annotations

import gc
import threading
from dataclasses import asdict, dataclass, replace
from typing import Any

from mockserver.clock import Clock
from mockserver.errors import BadRequest, MockError
from mockserver.faults import FaultBook
from mockserver.fixtures import Fixtures, load_fixtures
from mockserver.gomobile.data import GomobileData
from mockserver.journal import Journal

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
    ) -> None:
        self.lock = threading.RLock()
        self.fixtures = fixtures or load_fixtures()
        self.settings = settings or SeedSettings()
        self.clock = Clock()
        self.journal = Journal(journal_size)
        self.faults = FaultBook()
        self.gomobile = GomobileData()
        self.reset()

    def reset(self) -> None:
        """Go back to the seed data; clear the journal and the faults."""
        if self.settings.profile not in self.fixtures.profiles:
            known = ", ".join(sorted(self.fixtures.profiles))
            raise BadRequest(f"Unknown seed profile {self.settings.profile!r}: use one of {known}")
        counts = {"contacts": self.settings.contacts, "audiences": self.settings.audiences}
        with self.lock:
            gc.unfreeze()
            self.gomobile.seed(self.fixtures, self.settings.profile, self.settings.seed, counts)
            # The seed data lives until the next reset: keep the cyclic garbage collector from
            # scanning 100,000 records on every collection (a 200 ms pause at p99). Records
            # have no reference cycles, so reference counting still frees them.
            gc.freeze()
            self.journal.clear()
            self.faults.clear(self.settings.seed)

    def reseed(self, **changes: Any) -> None:
        """Seed again with other settings (seed, profile, contacts, audiences)."""
        previous = self.settings
        self.settings = replace(previous, **changes)
        try:
            self.reset()
        except MockError:
            self.settings = previous
            raise

    def caller(self, api_key: str) -> Caller | None:
        """Return who `api_key` belongs to, or None for an unknown key."""
        organization = self.fixtures.organization_for_key(api_key)
        if organization is None:
            return None
        user = organization.user_for_key(api_key)
        user_id = user.id if user else organization.default_user_id
        return Caller(api_key=api_key, organization_id=organization.id, user_id=user_id)

    def export(self) -> dict[str, Any]:
        """Return the whole state as JSON-ready data (`restore` takes it back)."""
        with self.lock:
            return {
                "format": STATE_FORMAT,
                "version": STATE_VERSION,
                "settings": asdict(self.settings),
                "datasets": {self.gomobile.name: self.gomobile.dump()},
            }

    def restore(self, data: Any) -> None:
        """Replace the data with an `export()`; a malformed document changes nothing."""
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise BadRequest(f"Not a contactkit state document (expected format {STATE_FORMAT!r})")
        if data.get("version") != STATE_VERSION:
            raise BadRequest(f"Unsupported state version {data.get('version')!r}: expected 1")
        dump = data.get("datasets", {}).get(self.gomobile.name)
        if not isinstance(dump, dict):
            raise BadRequest(f"The state document has no {self.gomobile.name!r} dataset")
        with self.lock:
            backup = self.gomobile.dump()
            try:
                self.gomobile.restore(dump)
            except Exception as error:
                self.gomobile.restore(backup)
                if isinstance(error, BadRequest):
                    raise
                # A record the tables cannot take: no id, a repeated id or phone (Conflict)...
                raise BadRequest(f"The state document is malformed: {error!r}") from None
