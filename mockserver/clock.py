"""Timestamps as the APIs write them, strictly increasing within one mock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

_MILLISECOND = timedelta(milliseconds=1)


def iso(moment: datetime) -> str:
    """Format `moment` as ISO 8601 UTC with milliseconds and Z: 2025-01-15T10:30:00.000Z."""
    utc = moment.astimezone(UTC)
    if utc.year >= 1000:
        # isoformat is several times faster than strftime (the journal stamps every request)
        # and truncates to milliseconds alike; it pads years below 1000, which strftime does not.
        return utc.isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


class Clock:
    """Hands out write timestamps, each at least a millisecond after the previous one.

    Two writes in the same millisecond would otherwise share a timestamp, and a client could
    not see that updatedAt moved or which of two contacts is newer.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = datetime(1970, 1, 1, tzinfo=UTC)

    def wall(self) -> str:
        """Return the current time, not reserved for a write (for logs and the journal)."""
        return iso(datetime.now(UTC))

    def now(self) -> str:
        """Return the timestamp of a write happening now."""
        with self._lock:
            now = datetime.now(UTC)
            moment = now.replace(microsecond=now.microsecond // 1000 * 1000)
            self._last = max(moment, self._last + _MILLISECOND)
            return iso(self._last)


# The range of datetime: a bound outside it is clamped, so it still compares as "before
# everything" or "after everything" instead of failing.
_MIN_MS, _MAX_MS = -62_135_596_800_000, 253_402_300_799_999


def iso_from_millis(millis: int) -> str:
    """Format milliseconds since the epoch like `iso` (clamped to years 1-9999)."""
    clamped = min(max(millis, _MIN_MS), _MAX_MS)
    return iso(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=clamped))
