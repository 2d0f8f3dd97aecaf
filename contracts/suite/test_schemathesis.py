"""schemathesis: Schemathesis's generated cases and checks, plus pagination_meta, run safely."""

from __future__ import annotations

import pytest

from contracts import schemathesis_run
from contracts.context import Contract
from contracts.pytest_plugin import run_state

pytestmark = pytest.mark.contract("schemathesis")


def test_schemathesis_finds_no_failure(contract: Contract, pytestconfig: pytest.Config) -> None:
    """Every Schemathesis process (examples, coverage, fuzzing, stateful phases) ends clean."""
    outcomes, phases = schemathesis_run.run(contract.settings, contract.spec, contract.ledger.path)
    # Printed at the end of the run and kept for --json-report.
    run_state(pytestconfig).phases = phases
    failed = [o for o in outcomes if o.returncode != 0 and not o.timed_out]
    if failed:
        raise contract.violation(
            "schemathesis",
            "all operations",
            "every Schemathesis run to pass",
            "\n\n".join(schemathesis_run.failures(o) for o in failed),
            seen_limit=20_000,
        )
