"""What the suite created on the target, so that it can delete exactly that and nothing else.

A JSON-lines file, so that the Schemathesis subprocess records into the same ledger and a
crash of either process still leaves the list behind for the cleanup.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Created:
    """One resource the suite created: which key created it, and its URL path."""

    key: str
    path: str


class Ledger:
    """An append-only list of created resources, shared between processes through a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def add(self, key: str, path: str) -> None:
        """Record that `key` created the resource at `path`."""
        line = json.dumps({"key": key, "path": path})
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def entries(self) -> list[Created]:
        """Return everything recorded, oldest first, without repeats."""
        if not self.path.exists():
            return []
        with self._lock:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        return list(dict.fromkeys(Created(row["key"], row["path"]) for row in rows))

    def clear(self) -> None:
        """Forget everything (after a successful cleanup)."""
        with self._lock:
            self.path.unlink(missing_ok=True)
