"""What a run created on the target, so that it can delete exactly that and nothing else.

A JSON-lines file, so that the Schemathesis subprocesses record into the same ledger and a
crash of any process still leaves the list behind. Its first line says which run, API and
server it belongs to (never a key); then one line per created resource, and one per
resource the cleanup deleted, so that `contactkit cleanup --ledger FILE` can finish an
interrupted cleanup where it stopped.
"""

from __future__ import annotations

import json
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contracts.errors import UsageError


@dataclass(frozen=True)
class Created:
    """One resource the run created: which key created it, and its URL path."""

    key: str
    path: str

    @property
    def id(self) -> str:
        """Return the resource's id (the last segment of its path)."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class RunInfo:
    """The ledger's first line: the run it belongs to."""

    run_id: str
    api: str
    base_url: str


def default_path(run_id: str) -> Path:
    """Return where a run's ledger goes unless --ledger says otherwise."""
    return Path(tempfile.gettempdir()) / f"contactkit-ledger-{run_id}.jsonl"


class Ledger:
    """An append-only record of created and deleted resources, shared through a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._ids: set[str] = set()  # what this process recorded: no file read to check those

    def start(self, run: RunInfo) -> None:
        """Write the header line; refuse a ledger another run still needs."""
        held = self.info()
        if held is not None and held.run_id != run.run_id and self.entries():
            raise UsageError(
                f"the ledger {self.path} holds records of run {held.run_id}: finish that cleanup "
                f"with `contactkit cleanup --ledger {self.path}`, or choose another --ledger"
            )
        if held is None or held.run_id != run.run_id:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._append({"run": run.run_id, "api": run.api, "base_url": run.base_url})

    def add(self, key: str, path: str) -> None:
        """Record that `key` created the resource at `path`."""
        self._append({"key": key, "path": path})
        self._ids.add(Created(key, path).id)

    def deleted(self, path: str) -> None:
        """Record that the resource at `path` is gone (deleted, or already gone)."""
        self._append({"deleted": path})

    def _append(self, row: dict[str, str]) -> None:
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")

    def _rows(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self._lock:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        rows = []
        for number, line in enumerate(lines, 1):
            try:
                rows.append(json.loads(line))
            except ValueError:
                # A process killed mid-write leaves at most its last line cut off.
                if number != len(lines):
                    raise UsageError(f"{self.path}:{number} is not a ledger line") from None
        return rows

    def info(self) -> RunInfo | None:
        """Return the run the ledger belongs to (None for a ledger without a header)."""
        header = next((row for row in reversed(self._rows()) if "run" in row), None)
        if header is None:
            return None
        return RunInfo(header["run"], header["api"], header["base_url"])

    def entries(self) -> list[Created]:
        """Return what is created and not yet deleted, oldest first, without repeats."""
        rows = self._rows()
        gone = {row["deleted"] for row in rows if "deleted" in row}
        created = (Created(row["key"], row["path"]) for row in rows if "path" in row)
        return list(dict.fromkeys(c for c in created if c.path not in gone))

    def owned_ids(self) -> set[str]:
        """Return the ids of everything the run created (deleted ones included)."""
        return {Created(row["key"], row["path"]).id for row in self._rows() if "path" in row}

    def owns(self, item_id: str) -> bool:
        """Tell whether the run (this process or another of the run) created `item_id`."""
        if item_id not in self._ids:
            # Another process of the run (Schemathesis) may have recorded it: read the file.
            self._ids |= self.owned_ids()
        return item_id in self._ids

    def remove(self) -> None:
        """Delete the file (after a complete cleanup)."""
        with self._lock:
            self.path.unlink(missing_ok=True)
