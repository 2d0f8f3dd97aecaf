"""What the state asks of each hosted API's data: seed it, dump it, restore it, forget it."""

from __future__ import annotations

from typing import Any, Protocol

from mockserver.fixtures import Fixtures
from mockserver.store import Table


class Dataset(Protocol):
    """The tables (and links) of one API, for every organization of that API."""

    name: str

    def clear(self) -> None:
        """Forget everything."""

    def seed(
        self, fixtures: Fixtures, profile: str, seed: int, counts: dict[str, int | None]
    ) -> None:
        """Replace everything with the seed data of `profile` and `seed`."""

    def counts(self, organization_id: str) -> dict[str, int]:
        """Return how many active records of each kind the organization has (admin info)."""

    def tables(self) -> tuple[Table, ...]:
        """Return the dataset's tables (for the limit of soft-deleted records they keep)."""

    def dump(self) -> dict[str, Any]:
        """Return a copy of everything as JSON-ready data, taken under the state's lock."""

    def check(self, dump: dict[str, Any], fixtures: Fixtures) -> list[str]:
        """Return every way the records of a dump break the spec's schemas or the API's rules
        (tenants must be organizations of `fixtures`); an empty list when it may be restored."""

    def restore(self, dump: dict[str, Any]) -> None:
        """Replace everything with a `dump()` that `check` accepts."""
