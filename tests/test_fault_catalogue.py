"""Evidence that the contract suite works: it passes the correct mock and fails every fault.

Each fault of `faults.catalogue` is patched into a mock served from this process, and
`contactkit check` runs against it as a subprocess, lean (only the checks expected to catch
the fault, five Schemathesis examples) so that the whole catalogue stays a few minutes of CI.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from faults.catalogue import CATALOGUE, Fault, applied
from faults.runs import check_command, lean_check_command, run

from contracts.context import CHECKS
from mockserver.testing import MockServer

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
            fault,
            id=fault.id,
            marks=[pytest.mark.xfail(strict=True, reason=NOT_CAUGHT[fault.id])]
            if fault.id in NOT_CAUGHT
            else [],
        )
        for fault in CATALOGUE
    ]


def test_catalogue_has_at_least_22_distinct_faults() -> None:
    """The catalogue is as broad as promised, one id per fault."""
    ids = [fault.id for fault in CATALOGUE]
    assert len(ids) >= 22
    assert len(set(ids)) == len(ids)


def test_catalogue_names_only_checks_of_the_suite() -> None:
    """Every fault expects checks the suite has, so a renamed check cannot silently pass."""
    unknown = {(f.id, c) for f in CATALOGUE for c in f.checks if c not in CHECKS}
    assert not unknown
    assert all(fault.checks for fault in CATALOGUE)


def test_unmodified_mock_passes_the_whole_suite(mock: MockServer) -> None:
    """No false alarm: the default suite, every check, both organizations, exits 0."""
    mock.reset()
    result = run(check_command(mock))
    assert result.returncode == 0, result.output[-6000:]
    assert set(result.failed_counts()) == set(CHECKS), result.output[-2000:]


@pytest.mark.parametrize("fault", _fault_params())
def test_suite_catches_the_fault(mock: MockServer, fault: Fault) -> None:
    """The lean suite exits 1 and reports the fault under each check expected to catch it."""
    with applied(fault, mock):
        result = run(lean_check_command(mock, fault.checks))
    tail = result.output[-6000:]
    assert result.returncode == 1, tail
    failed = result.failed_counts()
    for check in fault.checks:
        # The report block of a violation starts with its check; the table counts it.
        assert f"[{check}] " in result.output, tail
        assert failed.get(check, 0) > 0, tail
    if fault.evidence is not None:
        assert fault.evidence in result.output, tail
