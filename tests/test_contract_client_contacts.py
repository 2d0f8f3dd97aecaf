"""`contactkit check --api client-contacts` against the mock's client contacts API.

- the correct mock passes every client-contacts check, and the run leaves the contacts a
  client can see exactly as it found them (its hard deletes remove all it created);
- `--read-only` sends nothing but GET, and still passes;
- the Gomobile-only checks are refused for this API, with a usage error;
- a violation's curl sends the key in this API's header, from the environment.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from faults.runs import Run, check_command, run

from contracts.client_contacts import CLIENT_CONTACTS
from mockserver.journal import Journal
from mockserver.testing import MockServer


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """One correct mock for the module (with response validation: it must stay correct)."""
    with MockServer() as server:
        yield server


def client_check(mock: MockServer, checks: list[str] | None = None, *extra: str) -> list[str]:
    """Return `contactkit check --api client-contacts` against `mock`, both organizations' keys."""
    return check_command(mock, checks, None, *extra, api="client-contacts")


def _visible(mock: MockServer) -> dict[str, Any]:
    """Return every client contact of every organization, by id (a copy)."""
    records = json.loads(json.dumps(mock.state.export()["datasets"]["client-contacts"]))
    return {record["_id"]: record for record in records["clientContacts"]}


def test_mock_passes_every_check_and_is_left_as_found(mock: MockServer) -> None:
    """Every client-contacts check passes the mock; nothing the run created is left."""
    mock.reset()
    before = _visible(mock)
    result = run(client_check(mock))
    assert result.returncode == 0, result.output[-6000:]
    assert set(result.failed_counts()) == set(CLIENT_CONTACTS.checks), result.output[-2000:]
    after = _visible(mock)
    assert set(after) == set(before)
    assert after == before


@pytest.fixture(scope="module")
def read_only_run(mock: MockServer) -> Iterator[tuple[Run, list[dict[str, Any]]]]:
    """One full --read-only run, and every request the mock received during it."""
    mock.reset()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(mock.state, "journal", Journal(size=1_000_000))
        yield run(client_check(mock, None, "--read-only")), mock.journal()


def test_read_only_run_sends_only_get_and_passes(
    read_only_run: tuple[Run, list[dict[str, Any]]],
) -> None:
    """No write reaches the server in --read-only mode, and the correct mock still passes."""
    result, entries = read_only_run
    writes = [(e["method"], e["path"]) for e in entries if e["method"] != "GET"]
    assert entries and not writes, writes[:20]
    assert result.returncode == 0, result.output[-4000:]


@pytest.mark.parametrize(
    ("checks", "reason"),
    [
        pytest.param(
            ["upsert"], r"upsert \(only --api gomobile\) not available", id="gomobile-only"
        ),
        pytest.param(["filters", "nonsense"], r"unknown check\(s\) nonsense", id="unknown"),
    ],
)
def test_checks_of_another_api_are_a_usage_error(
    mock: MockServer, checks: list[str], reason: str
) -> None:
    """A check the API does not have: exit 2, one line naming where it belongs."""
    done = subprocess.run(
        client_check(mock, checks),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(lines) == 1 and re.search(reason, lines[0]), done.stderr


def test_report_curl_sends_this_apis_header(mock: MockServer) -> None:
    """A violation's curl replays with `api-key: ${CONTACTKIT_API_KEY}`, the key never shown."""
    mock.reset()
    # Not the list: a 503 there is a sick target at the start (exit 2), not a violation.
    mock.inject_fault("getClientContact", 503, probability=1)
    try:
        result = run(client_check(mock, ["lifecycle"]))
    finally:
        mock.reset()
    assert result.returncode == 1, result.output[-4000:]
    curls = re.findall(r"^  reproduce: (curl .*)$", result.output, re.MULTILINE)
    assert curls, result.output[-4000:]
    assert all('-H "api-key: ${CONTACTKIT_API_KEY}"' in curl for curl in curls), curls[:3]
    assert mock.client_api_key not in result.output
