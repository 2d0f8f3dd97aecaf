"""Running `contactkit check` and `contactkit cleanup` against the staging-like server."""

from __future__ import annotations

import re
import sys
from functools import cache

from servers.staging_like import StagingLike

from contracts.apis import spec_of

KEY, SAME_ORG_KEY, OTHER_KEY = "staging-key-a", "staging-key-a-second", "staging-key-b"
# Few Schemathesis cases per operation: the coverage phase (every undeclared method, every
# boundary) still runs whole, and it is the phase that probes undeclared methods.
LEAN = ("--max-examples", "3")


def busiest_second(times: list[float]) -> int:
    """Return the most requests sent within any one second."""
    return max(sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times))


def assert_paced(server: StagingLike, per_second: int, at_least: int) -> None:
    """Assert that a run's requests after the preflight kept to `per_second` a second."""
    preflight = 4  # two lists, each with both keys: sent before the run, unpaced
    times = sorted(r.at for r in server.requests())[preflight:]
    assert len(times) > at_least  # enough to show a rate
    # One request of slack in each: the server sees arrival times, which jitter on a busy
    # machine, so evenly spaced requests can arrive a little closer than they were sent.
    assert (len(times) - 2) / (times[-1] - times[0]) <= per_second
    assert busiest_second(times) <= per_second + 1


def contactkit(*args: str) -> list[str]:
    """Return the command line of `contactkit ARGS` in this interpreter."""
    return [sys.executable, "-m", "contactkit.cli", *args]


def staging_check(server: StagingLike, *extra: str, other: bool = True) -> list[str]:
    """Return `contactkit check` against `server` with organization A's key (and B's)."""
    keys = ["--api-key", KEY, *(["--other-api-key", OTHER_KEY] if other else [])]
    return contactkit("check", "--base-url", server.url, *keys, *extra)


@cache
def _routes() -> list[tuple[re.Pattern[str], str, str]]:
    spec = spec_of("gomobile")
    return [
        (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "/?$"), method, path)
        for method, path, _ in spec.operations.values()
    ]


def declared(method: str, path: str) -> bool:
    """Tell whether the spec declares `method` on the route `path` belongs to."""
    return any(p.match(path) and m == method for p, m, _ in _routes())


def ids_in(path: str) -> set[str]:
    """Return the path's segments (the ids among them)."""
    return set(path.strip("/").split("/"))
