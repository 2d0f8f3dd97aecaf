"""The --state file: load at start, save atomically on demand and at shutdown."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mockserver.state import State


def load_state(state: State, path: Path) -> bool:
    """Restore `state` from `path` if the file exists; return whether it did."""
    if not path.exists():
        return False
    with path.open(encoding="utf-8") as handle:
        state.restore(json.load(handle))
    return True


def save_state(state: State, path: Path) -> None:
    """Write `state` to `path` atomically: a crash leaves the old file or the new, never half."""
    document = state.export()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
