"""Stopping a run between writes: a write in flight is answered and recorded first.

A run stops at its --deadline: the checks' process by SIGALRM, each Schemathesis process by
SIGTERM. Stopped at once, a create already sent but not yet recorded leaves a record on the
server that the ledger never names, so the run's cleanup cannot delete it. `InFlight` tracks
the writes sent and not yet recorded (one per thread); `request_stop`, called from the signal
handler, stops at once when there is none, else as soon as the last one is recorded, and no
new write starts meanwhile. The run's later SIGKILL (or the target's timeout) still bounds it.

The handler takes no lock (it runs in the main thread, which may hold any lock): membership
changes of a set of thread ids are atomic under the GIL.
"""

from __future__ import annotations

import _thread
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType, TracebackType

_POLL = 0.01  # seconds between checks of a write that waits for the others to be recorded


class InFlight:
    """The writes sent and not yet recorded, and the stop that waits for them."""

    def __init__(self, stop: Callable[[], None]) -> None:
        self._stop = stop
        self._threads: set[int] = set()
        self._stopping = False

    def begin(self) -> None:
        """Mark this thread's write as sent; once a stop is requested, stop instead."""
        ident = threading.get_ident()
        # A write whose request raised never reached `end`: this thread's new one replaces it.
        self._threads.discard(ident)
        if self._stopping:
            while self._threads:
                time.sleep(_POLL)
            self._stop_now()
        self._threads.add(ident)

    def end(self) -> None:
        """Mark this thread's write as recorded; stop if a stop was waiting for it."""
        self._threads.discard(threading.get_ident())
        if self._stopping and not self._threads:
            self._stop_now()

    def request_stop(self) -> None:
        """Stop now if no write is in flight, else once the last one is recorded."""
        self._stopping = True
        if not self._threads:
            self._stop_now()

    def _stop_now(self) -> None:
        # One stop per request: the writes after it (a cleanup's deletes) go on as usual.
        self._stopping = False
        self._stop()

    def __enter__(self) -> InFlight:
        self.begin()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.end()


def die_by_sigterm() -> None:
    """End the process by SIGTERM's default action, as if no handler had been installed."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def interrupt_main() -> None:
    """Raise KeyboardInterrupt in the main thread (as Ctrl-C would), from any thread."""
    if threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt
    _thread.interrupt_main()


def stop_on_sigterm(writes: InFlight) -> None:
    """Make SIGTERM request a stop of `writes` (from the main thread, as Python requires)."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        writes.request_stop()

    signal.signal(signal.SIGTERM, on_sigterm)
