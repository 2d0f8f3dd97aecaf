"""Exit codes that mean something: 1 is the server breaking the contract, 2 is anything else.

- a target sick at the start (5xx, a gateway refusing) exits 2 with one line, no run;
- a target that goes down mid-run (5xx storm) or stops answering (timeouts) exits 2 and
  says so, even though checks failed on the way;
- a malformed response is a violation showing its body, never a Python traceback;
- each failure is printed once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from faults.runs import run
from servers.staging_data import Choices
from servers.staging_like import StagingLike
from staging_helpers import staging_check

READING_CHECKS = ("--checks", "pagination")


@pytest.mark.parametrize(
    ("choices", "reason"),
    [
        pytest.param(Choices(fail_status=503), r"answers 503: the target is not healthy", id="503"),
        pytest.param(
            Choices(gateway=("X-Gateway-Token", "s3cret")),
            r"answers 403 .* not the API's list",
            id="gateway-refuses",
        ),
    ],
)
def test_sick_target_at_the_start_exits_2_with_one_line(
    staging_like: Callable[..., StagingLike], choices: Choices, reason: str
) -> None:
    """No run starts against a target that cannot serve one."""
    done = run(staging_check(staging_like(choices), *READING_CHECKS))
    assert done.returncode == 2, done.output
    assert re.search(reason, done.output), done.output
    assert "test session starts" not in done.output


@pytest.mark.parametrize(
    ("choices", "extra", "reason"),
    [
        pytest.param(Choices(fail_after=40), (), r"answers in a row were 5xx", id="5xx-storm"),
        pytest.param(
            Choices(stall_after=40),
            ("--request-timeout", "0.5"),
            r"request\(s\) got no answer, first .*timed out",
            id="timeouts",
        ),
    ],
)
def test_target_failing_mid_run_exits_2(
    staging_like: Callable[..., StagingLike],
    tmp_path: Path,
    choices: Choices,
    extra: tuple[str, ...],
    reason: str,
) -> None:
    """Checks fail once the target goes down, yet the verdict is 'unreliable target', not 1."""
    ledger = tmp_path / "ledger.jsonl"
    checks = ("--checks", "lifecycle,pagination", "--ledger", str(ledger))
    done = run(staging_check(staging_like(choices), *checks, *extra), timeout=300)
    assert done.returncode == 2, done.output[-4000:]
    assert re.search(f"the target became unreliable during the run: .*{reason}", done.output)
    # The records it could not delete stay in the ledger, for `contactkit cleanup`.
    assert "cleanup: INCOMPLETE" in done.output and ledger.exists()


@pytest.fixture(scope="module")
def malformed_run() -> str:
    """The output of a pagination check against lists that lack their `meta` object."""
    with StagingLike(Choices(lists_without_meta=True)) as server:
        done = run(staging_check(server, *READING_CHECKS))
    assert done.returncode == 1, done.output[-4000:]
    return done.output


def test_malformed_response_is_a_violation_with_its_body(malformed_run: str) -> None:
    """The report names what was missing and shows the body that lacks it."""
    blocks = re.findall(r"^\[pagination\] \w+: contract violated\n(?:  .*\n)+", malformed_run, re.M)
    malformed = [b for b in blocks if "expected: a response the check can read\n" in b]
    assert malformed, malformed_run[-4000:]
    assert "  seen:     KeyError: 'meta' (the response below lacks it)\n" in malformed[0]
    assert '  response: 200 {"data":[' in malformed[0]


def test_malformed_response_shows_no_traceback(malformed_run: str) -> None:
    """No Python traceback lines: the reader sees the server's fault, not ours."""
    assert "Traceback" not in malformed_run
    assert not re.search(r"^E\s+KeyError", malformed_run, re.M)


def test_each_failure_is_printed_once(malformed_run: str) -> None:
    """As many report blocks as failed tests, and no cut-off second copy."""
    failed = int(re.search(r"^pagination\s+\d+\s+(\d+)", malformed_run, re.M).group(1))
    blocks = re.findall(r"^\[pagination\] \S+: contract violated$", malformed_run, re.M)
    assert failed > 0 and len(blocks) == failed
