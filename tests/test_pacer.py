"""`--rate-limit N`'s pacer: N a second in all, however many processes send.

Each case runs real processes that wait for their slots and print when they got them; the
merged times must never hold more than N in one second.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from staging_helpers import busiest_second

RATE = 20
PER_PROCESS = 15

SENDER = """
import sys, time
from pathlib import Path
from contracts.health import Pacer
schedule = Path(sys.argv[1]) if sys.argv[1] else None
pacer = Pacer({rate}, schedule)
for _ in range({count}):
    pacer.wait()
    print(time.monotonic(), flush=True)
"""


def _send_in_parallel(processes: int, schedule: Path | None) -> list[float]:
    """Return the times at which `processes` senders, each pacing PER_PROCESS requests, sent."""
    source = SENDER.format(rate=RATE, count=PER_PROCESS)
    argument = str(schedule) if schedule else ""
    senders = [
        subprocess.Popen(
            [sys.executable, "-c", source, argument], stdout=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    times = []
    for sender in senders:
        output, _ = sender.communicate(timeout=60)
        assert sender.returncode == 0
        times += [float(line) for line in output.split()]
    return sorted(times)


@pytest.mark.parametrize("processes", [1, 3], ids=["one-process", "three-processes"])
def test_processes_sharing_a_schedule_keep_to_the_rate_together(
    tmp_path: Path, processes: int
) -> None:
    times = _send_in_parallel(processes, tmp_path / "pace")
    assert len(times) == processes * PER_PROCESS
    # One of slack: a sleep that overran makes the next gap a little shorter.
    assert busiest_second(times) <= RATE + 1


def test_processes_without_a_shared_schedule_each_take_the_whole_rate() -> None:
    """The reason for the schedule file: separate pacers add up."""
    times = _send_in_parallel(3, None)
    assert busiest_second(times) > RATE + 1
