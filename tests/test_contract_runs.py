"""Every run its own identity: two runs at once against one server both pass.

Both runs use the same --seed (the default), as two CI jobs would: before run ids, their
tokens and phones were the same, searches found the other run's records and the cleanup
could delete them. Each run prints its run id and ledger at the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from faults.runs import Run, lean_check_command, run

from contracts.apis import api_profile
from contracts.context import Contract, Settings
from mockserver.testing import MockServer

# The checks whose searches, sorts, upserts and cleanup would see the other run's records.
SHARED_DATA_CHECKS = ["pagination", "upsert", "search_sort", "lifecycle", "schemathesis"]
_HEADER = re.compile(r"^contactkit: run (\w+), ledger (\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def two_runs() -> Iterator[tuple[MockServer, list[Run]]]:
    """Two identical write-mode runs started together against one mock."""
    with MockServer() as mock:
        command = lean_check_command(mock, SHARED_DATA_CHECKS)
        with ThreadPoolExecutor(2) as pool:
            runs = list(pool.map(lambda _: run(command, timeout=900), range(2)))
        yield mock, runs


def test_two_concurrent_runs_both_pass(two_runs: tuple[MockServer, list[Run]]) -> None:
    """Neither run sees, matches or deletes the other's records: both exit 0."""
    _, runs = two_runs
    assert [r.returncode for r in runs] == [0, 0], "\n\n".join(r.output[-3000:] for r in runs)


def test_each_run_prints_its_own_id_and_ledger(two_runs: tuple[MockServer, list[Run]]) -> None:
    """The session header names the run id and the ledger; two runs differ in both."""
    _, runs = two_runs
    headers = [_HEADER.search(r.output) for r in runs]
    assert all(headers), runs[0].output[:2000]
    ids = {h.group(1) for h in headers if h}
    ledgers = {h.group(2) for h in headers if h}
    assert len(ids) == 2 and len(ledgers) == 2


def _contract(run_id: str) -> Contract:
    settings = Settings(base_url="http://127.0.0.1:9", api_key="k", run_id=run_id, seed=3)
    return Contract(settings)


def test_seed_drives_the_data_and_the_run_id_marks_it() -> None:
    """One seed, two run ids: the same generated data, each marked with its own run."""
    first, second = _contract("runone"), _contract("runtwo")
    one, two = first.token(), second.token()
    assert "runone" in one and "runtwo" in two
    assert one.replace("runone", "") == two.replace("runtwo", "")
    assert "runone" in first.name("Audience") and "runtwo" in second.name("Audience")
    assert first.phone() != second.phone()
    for contract in (first, second):
        contract.ledger.remove()
        contract.close()


def test_runs_without_a_run_id_get_different_ones() -> None:
    """The run id is never derived from the seed."""
    settings = [Settings(base_url="http://127.0.0.1:9", api_key="k") for _ in range(2)]
    assert settings[0].run_id != settings[1].run_id
    assert api_profile(settings[0].api).name == "gomobile"
