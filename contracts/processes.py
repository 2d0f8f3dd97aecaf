"""Child processes whose output is read as it comes, so that none can block on a full pipe.

A pipe holds 64 KiB; a Schemathesis run against a server that fails a lot writes far more.
One thread per process drains its output line by line while it runs; the processes stop at
the run's deadline (SIGTERM, then SIGKILL), and the outcome says that they did.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

GRACE = 5.0  # seconds between SIGTERM and SIGKILL


@dataclass(frozen=True)
class Outcome:
    """What one process said, and how it ended (`timed_out`: stopped at the deadline)."""

    command: list[str]
    returncode: int
    output: str
    timed_out: bool = False


def _drain(stream: IO[str], lines: list[str], echo: Callable[[str], None] | None) -> None:
    for line in stream:
        lines.append(line)
        if echo is not None:
            echo(line)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_all(
    commands: Sequence[list[str]],
    env: dict[str, str],
    deadline: float | None = None,
    echo: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Run `commands` in parallel until each ends or `deadline` (time.monotonic()) passes."""
    started: list[tuple[subprocess.Popen[str], list[str], threading.Thread]] = []
    try:
        for command in commands:
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            lines: list[str] = []
            assert process.stdout is not None  # PIPE was asked for
            reader = threading.Thread(
                target=_drain, args=(process.stdout, lines, echo), daemon=True
            )
            reader.start()
            started.append((process, lines, reader))
        outcomes = []
        for command, (process, lines, reader) in zip(commands, started, strict=True):
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                code, timed_out = process.wait(timeout=left), False
            except subprocess.TimeoutExpired:
                _stop(process)
                code, timed_out = process.returncode, True
            reader.join()
            outcomes.append(Outcome(list(command), code, "".join(lines), timed_out))
        return outcomes
    finally:
        for process, _, _ in started:
            _stop(process)
