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

    def restore(self, dump: dict[str, Any]) -> None:
        """Replace everything with a `dump()`; raise BadRequest and keep nothing if malformed."""


def missing_fields(kind: str, records: list[Any], fields: tuple[str, ...], api: str) -> str | None:
    """Return why imported `records` are unusable (not objects, lacking a field), or None.

    Every field the handlers read must be there, or a later request would fail with a 500.
    """
    for index, record in enumerate(records):
        missing = [f for f in fields if f not in record] if isinstance(record, dict) else []
        if not isinstance(record, dict) or missing:
            detail = f"lacks {', '.join(missing)}" if missing else "is not an object"
            return f"{api} state is malformed: {kind} {index} {detail}"
    return None
