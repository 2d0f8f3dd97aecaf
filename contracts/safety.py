"""Where a run may write: the spec's create paths, and records the run itself created.

Every request the suite sends with a valid key and a method other than GET goes through
`WriteScope.check`: the method must be one the spec declares for the path, and every id in
the path must be one the run created (in the ledger) or minted (a fresh id nobody has). A
method the spec does not declare is never sent with a valid key: a real server may have an
undocumented bulk delete behind it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from contracts.errors import UnsafeRequest
from contracts.ledger import Ledger


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("([^/]+)" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}/?$")


class WriteScope:
    """The paths and methods a run may write to, given its ledger and the ids it minted."""

    def __init__(self, operations: Iterable[tuple[str, str]], ledger: Ledger) -> None:
        self.ledger = ledger
        self.minted: set[str] = set()
        routes: dict[str, set[str]] = {}
        for method, template in operations:
            routes.setdefault(template, set()).add(method.upper())
        # Literal segments first: /api/contact/upsert is not /api/contact/{id}.
        ordered = sorted(routes, key=lambda t: (t.count("{"), -len(t)))
        self.routes = [(_pattern(t), t, routes[t]) for t in ordered]

    def operation(self, method: str, path: str) -> tuple[str, list[str]] | None:
        """Return the spec path `path` matches for `method` and its path values, if declared."""
        bare = urlsplit(path).path
        for pattern, template, methods in self.routes:
            found = pattern.match(bare)
            if found and method.upper() in methods:
                return template, list(found.groups())
        return None

    def owns(self, item_id: str) -> bool:
        """Tell whether the run created or minted `item_id`."""
        return item_id in self.minted or self.ledger.owns(item_id)

    def check(self, method: str, path: str) -> None:
        """Raise UnsafeRequest unless a keyed `method` to `path` stays inside the run's data."""
        found = self.operation(method, path)
        if found is None:
            raise UnsafeRequest(
                f"refused {method} {path}: the spec declares no such operation, and an "
                "undeclared method is never sent with a valid key"
            )
        foreign = [value for value in found[1] if not self.owns(value)]
        if foreign:
            raise UnsafeRequest(
                f"refused {method} {path}: {', '.join(foreign)} is not a record this run created"
            )
