"""Evidence that the contract suite works: it passes the correct mock and fails every fault.

Each fault of `faults.catalogue` is patched into a mock served from this process, and
`contactkit check` runs against it as a subprocess, lean (only the checks expected to catch
the fault, five Schemathesis examples) so that the whole catalogue stays a few minutes of CI.
The unmodified mock passes the whole suite on either store, and as a replica on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from faults.catalogue import CATALOGUE, Fault, applied
from faults.client_catalogue import CLIENT_CATALOGUE
from faults.runs import Run, check_command, lean_check_command, run
from mock_helpers import MockProcess
from postgres_cluster import PostgresCluster

from contracts.apis import APIS
from contracts.rules import RULE_KINDS, spec_rules
from mockserver.testing import MockServer

# Each API's catalogue, and how many faults it promises at least.
CATALOGUES: dict[str, tuple[list[Fault], int]] = {
    "gomobile": (CATALOGUE, 39),
    "client-contacts": (CLIENT_CATALOGUE, 20),
}
# Fault id -> why the suite misses it. Each is a gap of the suite, kept visible (strict xfail)
# until the suite catches it; never a reason to drop the fault.
NOT_CAUGHT: dict[str, str] = {}


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    """One mock for the module; each test resets it (`applied` does) before its run."""
    # No response validation: some faults answer off-spec on purpose, and the suite must be the
    # one to notice, not the mock's own validator turning the answer into a 500.
    with MockServer(validate_responses=False) as server:
        yield server


def _fault_params() -> list[object]:
    return [
        pytest.param(
            api,
            fault,
            id=fault.id if api == "gomobile" else f"{api}-{fault.id}",
            marks=[pytest.mark.xfail(strict=True, reason=NOT_CAUGHT[fault.id])]
            if fault.id in NOT_CAUGHT
            else [],
        )
        for api, (catalogue, _) in CATALOGUES.items()
        for fault in catalogue
    ]


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_catalogue_has_distinct_faults_enough(api: str) -> None:
    """Each catalogue is as broad as promised, one id per fault."""
    catalogue, promised = CATALOGUES[api]
    ids = [fault.id for fault in catalogue]
    assert len(ids) >= promised
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_catalogue_names_only_checks_of_the_suite(api: str) -> None:
    """Every fault expects checks its API's suite has, so a renamed check cannot silently pass."""
    catalogue, _ = CATALOGUES[api]
    unknown = {(f.id, c) for f in catalogue for c in f.checks if c not in APIS[api].checks}
    assert not unknown
    assert all(fault.checks for fault in catalogue)


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_every_fault_names_rule_classes_its_api_states(api: str) -> None:
    """Each fault says which kinds of rule it breaks, among those its API's spec states."""
    catalogue, _ = CATALOGUES[api]
    stated = {rule.kind for rule in spec_rules(api)}
    assert all(fault.breaks for fault in catalogue)
    assert not {(f.id, kind) for f in catalogue for kind in f.breaks if kind not in stated}


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_every_rule_class_has_a_fault(api: str) -> None:
    """For each kind of rule the spec states, the catalogue plants a fault that breaks one."""
    catalogue, _ = CATALOGUES[api]
    stated = {rule.kind for rule in spec_rules(api)}
    broken = {kind for fault in catalogue for kind in fault.breaks}
    assert sorted(stated - broken, key=RULE_KINDS.index) == []


@pytest.fixture(scope="module")
def postgres_store(postgres: PostgresCluster) -> str:
    """A fresh database for the module's PostgreSQL-backed mocks (`--store` URL)."""
    return postgres.new_database()


@pytest.fixture(scope="module")
def postgres_mock(postgres_store: str) -> Iterator[MockServer]:
    """The same mock on PostgreSQL (`--store postgresql://...`)."""
    # It answers no fault on purpose, so it checks its own responses against the spec too.
    with MockServer(store=postgres_store) as server:
        yield server


@pytest.fixture(params=["memory", "postgresql"])
def any_store_mock(request: pytest.FixtureRequest) -> MockServer:
    """The module's mock on each store: over HTTP the contract cannot tell them apart."""
    name = "mock" if request.param == "memory" else "postgres_mock"
    server: MockServer = request.getfixturevalue(name)
    return server


def _assert_suite_passes(result: Run, api: str) -> None:
    """Assert a default run that exits 0 and lists every check of `api`."""
    assert result.returncode == 0, result.output[-6000:]
    assert set(result.failed_counts()) == set(APIS[api].checks), result.output[-2000:]


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_unmodified_mock_passes_the_whole_suite(any_store_mock: MockServer, api: str) -> None:
    """No false alarm: the default suite, every check, both organizations, exits 0."""
    any_store_mock.reset()
    _assert_suite_passes(run(check_command(any_store_mock, api=api)), api)


def test_a_replica_joining_the_database_passes_the_whole_suite(
    postgres_mock: MockServer, postgres_store: str, spawn_mock: Callable[..., MockProcess]
) -> None:
    """A second mock process on the first one's database serves the same contract.

    The suite runs against replica 2 (a `contactkit mock` process that joined the data and
    seeded nothing) while replica 1 (this process's mock) shares the database; the suite's
    leftovers (its cleanup soft-deletes) then read the same through both.
    """
    postgres_mock.reset()
    seeded = len(_contacts(postgres_mock))
    replica = spawn_mock("--store", postgres_store, "--validate-responses")
    _assert_suite_passes(run(check_command(postgres_mock, base_url=replica.url)), "gomobile")
    # Replica 1 saw the run: its journal and its records (the run's, soft-deleted) are shared.
    assert postgres_mock.journal(path="/api/contact")
    assert len(_contacts(postgres_mock)) > seeded


def _contacts(mock: MockServer) -> list[dict[str, Any]]:
    """Return every Gomobile contact `mock` stores, soft-deleted ones too."""
    contacts: list[dict[str, Any]] = mock.state.export()["datasets"]["gomobile"]["contacts"]
    return contacts


@pytest.mark.parametrize(("api", "fault"), _fault_params())
def test_suite_catches_the_fault(mock: MockServer, api: str, fault: Fault) -> None:
    """The lean suite exits 1 and reports the fault under each check expected to catch it."""
    with applied(fault, mock):
        result = run(lean_check_command(mock, fault.checks, api=api))
    tail = result.output[-6000:]
    assert result.returncode == 1, tail
    failed = result.failed_counts()
    for check in fault.checks:
        # The report block of a violation starts with its check; the table counts it.
        assert f"[{check}] " in result.output, tail
        assert failed.get(check, 0) > 0, tail
    if fault.evidence is not None:
        assert fault.evidence in result.output, tail
