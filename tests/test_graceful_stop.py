"""A stop (SIGTERM, or the deadline's SIGALRM) waits for the write in flight to be recorded.

Each case is a real process that tracks its writes with `InFlight` and signals itself,
printing what it got to do: the lines after the point where it must stop never appear.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

PRELUDE = """
import os, signal, threading
from contracts.graceful_stop import InFlight, die_by_sigterm, stop_on_sigterm
calls = InFlight(die_by_sigterm)
stop_on_sigterm(calls)
def term():
    os.kill(os.getpid(), signal.SIGTERM)
"""


def _run(script: str) -> subprocess.CompletedProcess[str]:
    source = PRELUDE + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", source], capture_output=True, text=True, timeout=30, check=False
    )


@pytest.mark.parametrize(
    ("script", "printed"),
    [
        pytest.param(
            """
            print("idle", flush=True)
            term()
            print("after the signal", flush=True)
            """,
            ["idle"],
            id="nothing-in-flight-ends-at-once",
        ),
        pytest.param(
            """
            calls.begin()
            term()
            print("answer recorded", flush=True)
            calls.end()
            print("after the record", flush=True)
            """,
            ["answer recorded"],
            id="a-call-in-flight-is-recorded-then-the-process-ends",
        ),
        pytest.param(
            """
            calls.begin()
            calls.end()
            term()
            print("after the signal", flush=True)
            """,
            [],
            id="a-finished-call-does-not-hold-the-process",
        ),
        pytest.param(
            """
            calls.begin()  # its request raised, so this thread never reached end()
            calls.begin()
            calls.end()
            term()
            print("after the signal", flush=True)
            """,
            [],
            id="a-call-whose-request-raised-does-not-hold-the-process",
        ),
        pytest.param(
            """
            answered = threading.Event()
            def worker():
                calls.begin()
                answered.wait()
                print("worker's answer recorded", flush=True)
                calls.end()
            thread = threading.Thread(target=worker)
            thread.start()
            while not calls._threads:
                pass
            term()
            print("main thread stops sending", flush=True)
            answered.set()
            calls.begin()
            print("main thread sent a new call", flush=True)
            """,
            ["main thread stops sending", "worker's answer recorded"],
            id="a-stopping-process-waits-for-other-threads-and-sends-nothing-new",
        ),
    ],
)
def test_sigterm_ends_the_process_once_no_call_is_in_flight(
    script: str, printed: list[str]
) -> None:
    done = _run(script)
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert done.stdout.splitlines() == printed


def test_a_deadline_interrupts_after_the_write_in_flight_and_only_once() -> None:
    """The checks' deadline: KeyboardInterrupt once the write is recorded; the cleanup writes."""
    done = _run(
        """
        from contracts.graceful_stop import interrupt_main
        writes = InFlight(interrupt_main)
        signal.signal(signal.SIGALRM, lambda signum, frame: writes.request_stop())
        try:
            with writes:
                os.kill(os.getpid(), signal.SIGALRM)
                print("answer recorded", flush=True)
            print("after the write", flush=True)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        with writes:
            print("the cleanup's delete", flush=True)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["answer recorded", "interrupted", "the cleanup's delete"]
