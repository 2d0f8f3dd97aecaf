"""schemathesis: Schemathesis's generated cases and checks, plus pagination_meta, run safely."""

from __future__ import annotations

import pytest

from contracts import schemathesis_run
from contracts.context import Contract

pytestmark = pytest.mark.contract("schemathesis")


def test_schemathesis_finds_no_failure(contract: Contract) -> None:
    """Every Schemathesis process (examples, coverage, fuzzing, stateful phases) ends clean."""
    outcomes = schemathesis_run.run(contract.settings, contract.spec, contract.ledger.path)
    failed = [o for o in outcomes if o.returncode != 0]
    for outcome in failed:
        print(outcome.output)
    contract.expect(
        not failed,
        "schemathesis",
        "all operations",
        "every Schemathesis run to pass",
        "\n\n".join(o.output[-6000:] for o in failed),
    )
