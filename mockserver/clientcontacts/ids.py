"""ObjectIds as MongoDB makes them: 4 bytes of seconds since the epoch, then 8 more bytes.

Because the timestamp leads, ids sort by creation second, which is what the `from__id` and
`to__id` range filters rely on.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


def object_id(seconds: int, rest: int) -> str:
    """Return the ObjectId of creation second `seconds` and 64 more bits `rest`."""
    return f"{seconds & 0xFFFFFFFF:08x}{rest & 0xFFFFFFFFFFFFFFFF:016x}"


def new_object_id(created_at: str) -> str:
    """Return a fresh ObjectId for a record created at ISO timestamp `created_at`."""
    seconds = int(datetime.fromisoformat(created_at).timestamp())
    return object_id(seconds, int.from_bytes(os.urandom(8), "big"))
