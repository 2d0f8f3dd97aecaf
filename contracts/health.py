"""How the target held up during a run, and the pace the run keeps (`--rate-limit`).

A contract violation is the server answering wrongly; a server that stops answering, or
answers 5xx to everything, is a sick target: the run then exits 2, not 1.
"""

from __future__ import annotations

import fcntl
import os
import struct
import threading
import time
from pathlib import Path

# This many 5xx answers in a row, on any requests, is an outage rather than a bug.
STORM = 5


class Health:
    """Transport errors and runs of 5xx answers seen by the suite's own HTTP clients."""

    def __init__(self) -> None:
        self.transport_errors: list[str] = []
        self.streak = 0
        self.worst_streak = 0

    def answered(self, status: int) -> None:
        """Record one answer."""
        self.streak = self.streak + 1 if status >= 500 else 0
        self.worst_streak = max(self.worst_streak, self.streak)

    def failed(self, request: str, error: Exception) -> None:
        """Record a request that got no answer."""
        self.transport_errors.append(f"{request}: {error or type(error).__name__}")

    def problem(self) -> str | None:
        """Return why the target became unreliable during the run, or None."""
        if self.transport_errors:
            count = len(self.transport_errors)
            return f"{count} request(s) got no answer, first {self.transport_errors[0]}"
        if self.worst_streak >= STORM:
            return f"{self.worst_streak} answers in a row were 5xx"
        return None


class Pacer:
    """Spaces requests to at most `per_second` a second (None: no limit).

    Across threads by a lock; across processes by a shared `schedule` file holding the time
    (CLOCK_MONOTONIC, one clock for every process of the machine) from which the next request
    may go. Each process at a fixed share of the rate would not do: two evenly spaced streams
    can still put N + 2 requests in one second, and a process that finished early would leave
    its share unused.
    """

    def __init__(self, per_second: float | None, schedule: Path | None = None) -> None:
        self.interval = 1 / per_second if per_second else 0.0
        self.schedule = schedule
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next request may go."""
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = self._book(now)
        time.sleep(start - now)

    def _book(self, now: float) -> float:
        """Return when this request may go, and book the slot after it."""
        if self.schedule is None:
            start = max(now, self._next)
            self._next = start + self.interval
            return start
        descriptor = os.open(self.schedule, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released by the close
            raw = os.pread(descriptor, 8, 0)
            booked = struct.unpack("d", raw)[0] if len(raw) == 8 else 0.0
            start = max(now, booked)
            os.pwrite(descriptor, struct.pack("d", start + self.interval), 0)
        finally:
            os.close(descriptor)
        return start
