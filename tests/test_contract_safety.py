"""The contract suite's promises to the servers it runs against, and to the people reading it.

- a write-mode run leaves what a client can see exactly as it found it;
- a `--read-only` run sends nothing but GET, and still passes a correct server;
- a usage or connection error exits 2 with one line that says why;
- `--junit-xml` writes a report CI systems read;
- a violation's report says where, what was expected, what was seen, how to replay it, and
  whether it rests on an `x-assumption` of the spec.
"""

from __future__ import annotations

import json
import math
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from faults.catalogue import applied, by_id
from faults.runs import Run, check_command, lean_check_command, run

from mockserver.journal import Journal
from mockserver.testing import MockServer


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """One correct mock for the module (with response validation: it must stay correct)."""
    with MockServer() as server:
        yield server


def _visible_state(mock: MockServer) -> dict[str, Any]:
    """Return what a client can see: active contacts and audiences, and their memberships."""
    # A JSON round trip copies: export() hands out the live records.
    data = json.loads(json.dumps(mock.state.export()["datasets"]["gomobile"]))
    contacts = {c["id"]: c for c in data["contacts"] if c["deletedAt"] is None}
    audiences = {a["id"]: a for a in data["audiences"] if a["deletedAt"] is None}
    members = sorted(
        (audience, contact)
        for audience, contact in data["audienceMembers"]
        if audience in audiences and contact in contacts
    )
    return {"contacts": contacts, "audiences": audiences, "memberships": members}


# (a) A write-mode run cleans up after itself ---------------------------------------------------


def test_write_mode_run_leaves_the_visible_state_as_it_was(mock: MockServer) -> None:
    """Everything a full run creates (both organizations) is deleted; nothing else changes."""
    mock.reset()
    before = _visible_state(mock)
    result = run(check_command(mock))
    assert result.returncode == 0, result.output[-4000:]
    after = _visible_state(mock)
    # Ids first: a leftover or a lost record reads better as an id than as a record diff.
    assert set(after["contacts"]) == set(before["contacts"])
    assert set(after["audiences"]) == set(before["audiences"])
    assert after == before


# (b) --read-only sends only GET ----------------------------------------------------------------


@pytest.fixture(scope="module")
def read_only_run(mock: MockServer) -> Iterator[tuple[Run, list[dict[str, Any]]]]:
    """One full --read-only run, and every request the mock received during it."""
    mock.reset()
    with pytest.MonkeyPatch.context() as monkeypatch:
        # A fresh, large journal: the default keeps the last 1,000 requests only, and a write
        # among the first ones must not be pushed out before we look.
        monkeypatch.setattr(mock.state, "journal", Journal(size=1_000_000))
        result = run(check_command(mock, None, None, "--read-only"))
        yield result, mock.journal()


def test_read_only_run_sends_only_get(read_only_run: tuple[Run, list[dict[str, Any]]]) -> None:
    """No POST, PUT, DELETE (nor any other method) reaches the server in --read-only mode."""
    _, entries = read_only_run
    assert entries, "the run sent no request at all"
    methods = sorted({entry["method"] for entry in entries})
    writes = [(e["method"], e["path"]) for e in entries if e["method"] != "GET"]
    assert methods == ["GET"], writes[:20]


def test_read_only_run_passes_a_correct_server(
    read_only_run: tuple[Run, list[dict[str, Any]]],
) -> None:
    """What --read-only leaves out does not turn into a failure."""
    result, _ = read_only_run
    assert result.returncode == 0, result.output[-4000:]


# (c) Usage errors exit 2 with a one-line reason ------------------------------------------------


def _unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contactkit.cli", "check", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


Arguments = Callable[[MockServer], list[str]]
USAGE_ERRORS = [
    pytest.param(
        lambda mock: ["--base-url", f"http://127.0.0.1:{_unused_port()}", "--api-key", "k"],
        r"cannot reach http://127\.0\.0\.1:\d+",
        id="unreachable-url",
    ),
    pytest.param(
        lambda mock: ["--base-url", mock.url, "--api-key", "contactkit-not-a-key"],
        r"answers 401 to the API key",
        id="rejected-key",
    ),
    pytest.param(
        lambda mock: [
            *("--base-url", mock.url, "--api-key", mock.api_key),
            *("--checks", "pagination,nonsense"),
        ],
        r"unknown check\(s\) nonsense",
        id="unknown-check",
    ),
    pytest.param(
        lambda mock: ["--base-url", f"{mock.url}/api", "--api-key", mock.api_key],
        r"GET http://127\.0\.0\.1:\d+/api/api/contact answers 404; drop '/api' from --base-url",
        id="base-url-one-segment-too-deep",
    ),
    pytest.param(
        lambda mock: [
            *("--base-url", mock.url, "--api-key", mock.api_key),
            *("--other-api-key", "test-key-org-a-support"),
        ],
        r"list the same records: they belong to one organization",
        id="other-key-of-the-same-organization",
    ),
    pytest.param(
        lambda mock: [
            *("--base-url", mock.url, "--api-key", mock.api_key),
            *("--other-api-key", "contactkit-not-a-key"),
        ],
        r"answers 401 to the other API key: check --other-api-key",
        id="rejected-other-key",
    ),
    pytest.param(
        lambda mock: ["--base-url", mock.url, "--api-key", mock.api_key, "--run-id", "No Way"],
        r"--run-id 'No Way': use 4 to 16 lowercase letters or digits",
        id="bad-run-id",
    ),
    pytest.param(
        lambda mock: ["--base-url", mock.url, "--api-key", mock.api_key, "-H", "no colon"],
        r"-H 'no colon': write a header as 'Name: value'",
        id="bad-header",
    ),
    pytest.param(
        lambda mock: ["--base-url", mock.url, "--api-key", mock.api_key, "--rate-limit", "0"],
        r"--rate-limit must be above 0",
        id="zero-rate-limit",
    ),
]


@pytest.mark.parametrize(("arguments", "reason"), USAGE_ERRORS)
def test_usage_error_exits_2_with_one_line(
    mock: MockServer, arguments: Arguments, reason: str
) -> None:
    """Any usage or target problem at the start: exit 2, one line on stderr, no run."""
    done = _check(*arguments(mock))
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(lines) == 1, done.stderr
    assert re.search(reason, lines[0]), lines[0]
    assert "test session starts" not in done.stdout


# (d) --junit-xml -------------------------------------------------------------------------------


def test_junit_report_counts_tests_and_failures(mock: MockServer, tmp_path: Path) -> None:
    """The JUnit file's testsuite counts every test and every failure the run had."""
    report = tmp_path / "contract.xml"
    with applied(by_id("re-add-counted-twice"), mock):
        result = run(lean_check_command(mock, ["audiences"], "--junit-xml", str(report)))
    assert result.returncode == 1, result.output[-4000:]
    root = ElementTree.parse(report).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failing = [case for case in cases if case.find("failure") is not None]
    assert suite.get("name") == "contactkit-contract"
    assert int(suite.get("tests", -1)) == len(cases) > 0
    assert int(suite.get("failures", -1)) == len(failing) == result.failed_counts()["audiences"]


# (e) What a violation's report says ------------------------------------------------------------

_BLOCK = re.compile(r"^\[pagination\] listContacts: contract violated\n(?:  .*\n?)+", re.MULTILINE)


@pytest.fixture(scope="module")
def off_by_one() -> Iterator[tuple[str, dict[str, Any]]]:
    """The first report block of a run against totalPages off by one, and its curl replayed.

    The replay happens while the fault is still applied; the fault is gone before any test
    runs (patches are process-wide, and other tests share this process).
    """
    with MockServer(validate_responses=False) as server:
        with applied(by_id("total-pages-off-by-one"), server):
            result = run(lean_check_command(server, ["pagination"]))
            block = _BLOCK.search(result.output)
            assert block is not None, result.output[-4000:]
            reproduce = re.search(r"^  reproduce: (curl .*)$", block.group(0), re.MULTILINE)
            assert reproduce is not None, block.group(0)
            replay = subprocess.run(
                ["bash", "-c", f"{reproduce.group(1)} --silent --show-error"],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
                env={"PATH": "/usr/bin:/bin", "CONTACTKIT_API_KEY": server.api_key},
            )
        yield block.group(0), json.loads(replay.stdout)


def test_report_names_the_check_and_the_operation(off_by_one: tuple[str, dict[str, Any]]) -> None:
    """The block opens with [check] operation."""
    block, _ = off_by_one
    assert block.startswith("[pagination] listContacts: contract violated\n")


def test_report_shows_expected_against_seen(off_by_one: tuple[str, dict[str, Any]]) -> None:
    """Expected and seen sit on their own lines, with the wrong figure visible in seen."""
    block, _ = off_by_one
    expected = re.search(r"^  expected: meta .*'totalPages': (\d+).*for total (\d+)$", block, re.M)
    seen = re.search(r"^  seen: +.*'totalPages': (\d+)", block, re.MULTILINE)
    assert expected is not None and seen is not None, block
    assert int(seen.group(1)) == int(expected.group(1)) + 1


def test_report_labels_the_x_assumption(off_by_one: tuple[str, dict[str, Any]]) -> None:
    """PaginationMeta is marked x-assumption: true, so the report says the rule is ours."""
    block, _ = off_by_one
    assert "  x-assumption: this expectation rests on #/components/schemas/PaginationMeta" in block


def test_report_curl_reproduces_the_violation(off_by_one: tuple[str, dict[str, Any]]) -> None:
    """The curl line, pasted into a shell with the key in the environment, shows the bug."""
    _, replayed = off_by_one
    meta = replayed["meta"]
    assert meta["totalPages"] != math.ceil(meta["total"] / meta["limit"])
