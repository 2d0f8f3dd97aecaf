"""ObjectIds as MongoDB makes them: 4 bytes of seconds since the epoch, then 8 more bytes.

Because the timestamp leads, ids sort by creation second, which is what the `from__id` and
`to__id` range filters rely on.
"""

from __future__ import annotations

import os
from datetime import datetime


def object_id(seconds: int, rest: int) -> str:
    """Return the ObjectId of creation second `seconds` and 64 more bits `rest`."""
    return f"{seconds & 0xFFFFFFFF:08x}{rest & 0xFFFFFFFFFFFFFFFF:016x}"


class ObjectIds:
    """Makes ObjectIds as a MongoDB driver does: seconds, a 5-byte random value, a counter.

    The random value is drawn once and the 3-byte counter goes up by one per id, so ids made
    in the same second still sort in creation order, as they do in MongoDB.
    """

    def __init__(self) -> None:
        self._process = int.from_bytes(os.urandom(5), "big")
        self._counter = int.from_bytes(os.urandom(3), "big")

    def new(self, created_at: str) -> str:
        """Return a fresh ObjectId for a record created at ISO timestamp `created_at`."""
        seconds = int(datetime.fromisoformat(created_at).timestamp())
        self._counter = (self._counter + 1) & 0xFFFFFF
        return object_id(seconds, self._process << 24 | self._counter)
