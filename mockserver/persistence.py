"""The --state file: load at start, save atomically on demand and at shutdown."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from mockserver import jsondoc
from mockserver.errors import BadRequest, MockError
from mockserver.state import State


class StateFileError(BadRequest):
    """The --state file cannot be read or is not a state the mock can take; names the file."""


def load_state(state: State, path: Path) -> bool:
    """Restore `state` from `path` if the file exists; return whether it did."""
    if not path.exists():
        return False
    if path.is_dir():
        raise StateFileError(f"--state {path} is a directory: pass a file path (it may not exist)")
    try:
        state.restore(jsondoc.decode(path.read_bytes(), what=f"the state file {path}"))
    except OSError as error:
        raise StateFileError(f"--state {path} cannot be read: {error.strerror}") from None
    except MockError as error:
        message = error.messages if isinstance(error.messages, str) else "; ".join(error.messages)
        if str(path) not in message:
            message = f"--state {path}: {message}"
        raise StateFileError(message) from None
    return True


def save_state(state: State, path: Path) -> None:
    """Write `state` to `path` atomically: a crash leaves the old file or the new, never half."""
    document = state.export()  # a copy: serialized outside the lock, while writes go on
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
