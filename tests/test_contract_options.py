"""Options for staging behind a gateway: -H/--header, --rate-limit.

- every request of a run, ours and Schemathesis's, carries the -H headers, and a reported
  curl line leaves them out (they may hold the gateway's secret);
- --rate-limit N keeps the run, ours and Schemathesis's, to N requests a second.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from faults.runs import run
from servers.staging_data import Choices
from servers.staging_like import StagingLike
from staging_helpers import staging_check

GATEWAY = ("X-Gateway-Token", "s3cret-token")
# Read-only, our list checks and a small Schemathesis run: every request is a GET.
READING = ("--read-only", "--checks", "pagination,schemathesis", "--max-examples", "2")


def test_extra_headers_reach_every_request(staging_like: Callable[..., StagingLike]) -> None:
    """Behind a gateway that refuses requests without its header, the run passes."""
    server = staging_like(Choices(gateway=GATEWAY))
    done = run(staging_check(server, *READING, "-H", f"{GATEWAY[0]}: {GATEWAY[1]}"))
    assert done.returncode == 0, done.output[-4000:]
    sent = [r.headers.get(GATEWAY[0].lower()) for r in server.requests()]
    assert sent and set(sent) == {GATEWAY[1]}


def test_reported_curl_leaves_the_extra_headers_out(
    staging_like: Callable[..., StagingLike],
) -> None:
    """A violation's curl line says to add your -H headers, without their values."""
    server = staging_like(Choices(gateway=GATEWAY, lists_without_meta=True))
    done = run(staging_check(server, "--checks", "pagination", "-H", f"{GATEWAY[0]}: {GATEWAY[1]}"))
    curls = [line for line in done.output.splitlines() if line.startswith("  reproduce: curl")]
    assert done.returncode == 1 and curls, done.output[-4000:]
    assert all(line.endswith(f"# plus your -H {GATEWAY[0]}") for line in curls)
    assert GATEWAY[1] not in done.output


def _busiest_second(times: list[float]) -> int:
    """Return the most requests sent within any one second."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times))


@pytest.mark.parametrize(
    ("options", "rate"),
    [
        pytest.param((*READING, "--max-examples", "6"), 20, id="read-only-one-process"),
        # Two Schemathesis processes, sharing the rate.
        pytest.param((*READING, "--max-examples", "6", "--workers", "2"), 20, id="two-processes"),
    ],
)
def test_rate_limit_paces_the_whole_run(
    staging_like: Callable[..., StagingLike], options: tuple[str, ...], rate: int
) -> None:
    """At --rate-limit N, the run (after the preflight) never sends more than N in a second.

    Schemathesis's limiter lets a second's requests go in a burst, per process, and its
    probes bypass it; ours spaces every request evenly, each process at its share.
    Without the limit, a run sends about 50 a second.
    """
    server = staging_like()
    done = run(staging_check(server, *options, "--rate-limit", str(rate)), timeout=600)
    assert done.returncode == 0, done.output[-4000:]
    preflight = 4  # two lists, each with both keys: sent before the run, unpaced
    times = [r.at for r in server.requests()][preflight:]
    assert len(times) > 2 * rate  # enough to show a rate
    assert (len(times) - 1) / (times[-1] - times[0]) <= rate
    # One request of slack: the server sees arrival times, which jitter on a busy machine.
    assert _busiest_second(times) <= rate + 1
