"""`contactkit check --fuzz`: Schemathesis's fuzzing and stateful phases for a time budget.

Small budgets (10 to 15 s of fuzzing) against a mock served from this process: the correct
mock passes with no false alarm, a planted fault is found by the stateful phase (which only
the spec's links let reach a contact after its delete), the budget bounds the run, and
`--rate-limit` holds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults.catalogue import applied, by_id
from faults.runs import Run, check_command, run
from servers.staging_like import StagingLike
from staging_helpers import assert_paced, staging_check

from mockserver.testing import MockServer

# One row of the per-phase table: phases, cases, cases/s, failures, how it stopped.
PHASE_ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+\.\d)\s+(\d+)\s+(.+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """One mock for the module, reset before each run; faults answer off-spec on purpose."""
    with MockServer(validate_responses=False) as server:
        yield server


def fuzz(mock: MockServer, seconds: int, *extra: str, api: str = "gomobile") -> Run:
    """Run `contactkit check --fuzz --duration seconds` against `mock`'s `api`."""
    return run(
        check_command(mock, None, None, "--fuzz", "--duration", str(seconds), *extra, api=api)
    )


def phases(output: str) -> dict[str, tuple[int, int, str]]:
    """Return phase -> (cases, failures, how it stopped), from the run's per-phase table."""
    return {m[1]: (int(m[2]), int(m[4]), m[5]) for m in PHASE_ROW.finditer(output)}


@pytest.mark.parametrize("api", ["gomobile", "client-contacts"])
def test_fuzzing_the_correct_mock_passes_within_its_budget(mock: MockServer, api: str) -> None:
    """No false alarm: both phases send cases until the budget is spent, and the run exits 0."""
    mock.reset()
    result = fuzz(mock, 10, api=api)
    assert result.returncode == 0, result.output[-6000:]
    # Start-up, two Schemathesis processes and the cleanup, on a loaded 2-core machine.
    assert result.seconds < 10 + 50, result.seconds
    found = phases(result.output)
    assert set(found) == {"fuzzing", "stateful"}, result.output[-3000:]
    for phase, (cases, failures, stopped) in found.items():
        assert cases > 20 and failures == 0 and stopped == "budget spent", (phase, found)
    assert "cleanup: complete" in result.output


def test_stateful_phase_finds_a_deleted_contact_still_returned(
    mock: MockServer, tmp_path: Path
) -> None:
    """Create -> delete -> get, chained by the spec's links, shows a deleted contact served."""
    report = tmp_path / "report.json"
    with applied(by_id("deleted-contact-still-returned"), mock):
        result = fuzz(mock, 15, "--json-report", str(report))
    assert result.returncode == 1, result.output[-6000:]
    assert phases(result.output)["stateful"][1] >= 1, result.output[-6000:]
    assert "found: ST301 Deleted resource still available" in result.output
    assert "cleanup: complete" in result.output
    stateful = next(
        item
        for item in json.loads(report.read_text(encoding="utf-8"))["schemathesis_phases"]
        if item["phases"] == "stateful"
    )
    assert any(f.startswith("ST301 Deleted resource still available") for f in stateful["failures"])


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(("--read-only",), id="read-only-fuzzing-only"),
        # Two Schemathesis processes (fuzzing, stateful) sharing the rate.
        pytest.param((), id="fuzzing-and-stateful"),
    ],
)
def test_rate_limit_holds_while_fuzzing(
    staging_like: Callable[..., StagingLike], options: tuple[str, ...]
) -> None:
    """At --rate-limit 5, a fuzz run never sends more than 5 requests in a second.

    Unpaced, a read-only fuzz sends about 30 in its busiest second (13 a second on average).
    """
    server = staging_like()
    command = staging_check(server, *options, "--fuzz", "--duration", "8", "--rate-limit", "5")
    done = run(command)
    assert done.returncode == 0, done.output[-4000:]
    assert_paced(server, 5, at_least=25)


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contactkit.cli", "check", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


TARGET = ("--base-url", "http://127.0.0.1:9", "--api-key", "test-key-org-a")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param(
            ["--duration", "60"],
            "--duration is the budget of --fuzz: add --fuzz, or drop --duration",
            id="duration-without-fuzz",
        ),
        pytest.param(
            ["--fuzz", "--duration", "0"],
            "--duration must be at least 1 second, not 0; e.g. --fuzz --duration 300",
            id="zero-duration",
        ),
        pytest.param(
            ["--fuzz", "--duration", "-5"],
            "--duration must be at least 1 second, not -5; e.g. --fuzz --duration 300",
            id="negative-duration",
        ),
        pytest.param(
            ["--fuzz", "--duration", "600", "--deadline", "300"],
            "--deadline 300 would stop the run before its --duration of 600 s is spent: "
            "raise --deadline (or drop it: 720)",
            id="deadline-inside-the-budget",
        ),
        pytest.param(
            ["--fuzz", "--checks", "lifecycle"],
            "--fuzz runs the schemathesis check: add it to --checks, or drop --checks",
            id="fuzz-without-schemathesis",
        ),
    ],
)
def test_fuzz_usage_error_says_how_to_fix_it(args: list[str], says: str) -> None:
    """A wrong fuzz option: exit 2 and one line on stderr, before anything is sent."""
    done = _check(*TARGET, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == f"contactkit check: {says}\n"
    assert done.stdout == ""
