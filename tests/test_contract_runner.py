"""A run cannot hang: subprocess output is drained as it comes, and the run has a deadline.

- a child writing far more than a pipe holds (64 KiB) still finishes, its output whole;
- children still running at the deadline are stopped, and their outcome says so;
- `contactkit check --deadline` stops a slow run, cleans up and says so (exit 2), also when
  the deadline passes while a write is in flight (it is answered and recorded first).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import pytest
from faults.runs import run
from servers.staging_data import Choices
from servers.staging_like import StagingLike
from staging_helpers import staging_check

from contracts.processes import run_all

PRINT_A_MEBIBYTE = "import sys; sys.stdout.write('x' * 1024 * 1024 + '\\n')"


def test_output_larger_than_a_pipe_does_not_block() -> None:
    """Two children writing 1 MiB each finish, and all of their output is kept."""
    command = [sys.executable, "-c", PRINT_A_MEBIBYTE]
    outcomes = run_all([command, command], dict(os.environ), deadline=time.monotonic() + 60)
    assert [o.returncode for o in outcomes] == [0, 0]
    assert [len(o.output) for o in outcomes] == [1024 * 1024 + 1] * 2
    assert not any(o.timed_out for o in outcomes)


def test_children_still_running_at_the_deadline_are_stopped() -> None:
    """A child that would run a minute is stopped at a one-second deadline."""
    started = time.monotonic()
    command = [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(60)"]
    [outcome] = run_all([command], dict(os.environ), deadline=started + 1)
    assert outcome.timed_out and outcome.returncode != 0
    assert outcome.output == "started\n"
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    "choices",
    [
        pytest.param(Choices(latency=0.05), id="slow-server"),
        # Most of the run's time is spent waiting for writes: the deadline meets one in flight.
        pytest.param(Choices(latency=0.01, write_latency=1.0), id="deadline-during-a-write"),
    ],
)
def test_deadline_stops_the_run_cleans_up_and_says_so(
    staging_like: Callable[..., StagingLike], choices: Choices
) -> None:
    """A slow server and --deadline 8: exit 2 within seconds, the cleanup complete, said so."""
    server = staging_like(choices)
    pre_existing = set(server.store.contacts) | set(server.store.audiences)
    before = server.dump(pre_existing)
    done = run(staging_check(server, "--deadline", "8"), timeout=300)
    store = server.store
    active = {r["id"] for r in [*store.contacts.values(), *store.audiences.values()]
              if not r["deletedAt"]}  # fmt: skip
    assert done.returncode == 2, done.output[-4000:]
    assert "the run reached its deadline of 8 s and was stopped" in done.output
    assert "cleanup: complete" in done.output
    assert active == pre_existing
    assert server.dump(pre_existing) == before
    assert done.seconds < 120
