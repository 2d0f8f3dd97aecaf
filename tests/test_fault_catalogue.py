"""Evidence that the contract suite works: it passes the correct mock and fails every fault.

Each fault of `faults.catalogue` is patched into a mock served from this process, and
`contactkit check` runs against it as a subprocess, lean (only the checks expected to catch
the fault, five Schemathesis examples) so that the whole catalogue stays a few minutes of CI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from faults.catalogue import CATALOGUE, Fault, applied
from faults.client_catalogue import CLIENT_CATALOGUE
from faults.runs import check_command, lean_check_command, run

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


@pytest.mark.parametrize("api", list(CATALOGUES))
def test_unmodified_mock_passes_the_whole_suite(mock: MockServer, api: str) -> None:
    """No false alarm: the default suite, every check, both organizations, exits 0."""
    mock.reset()
    result = run(check_command(mock, api=api))
    assert result.returncode == 0, result.output[-6000:]
    assert set(result.failed_counts()) == set(APIS[api].checks), result.output[-2000:]


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
