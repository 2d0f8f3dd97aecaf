"""Rule coverage: every rule the specs state is exercised by a check, or listed as a known gap."""

from __future__ import annotations

import ast
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from contracts import cli, suite
from contracts.apis import APIS
from contracts.rules import coverage, gap_reason, spec_rules
from contracts.suite.coverage import COVERAGE, KNOWN_GAPS

API_NAMES = [pytest.param(name, id=name) for name in sorted(APIS)]


def _suite_tests() -> set[str]:
    """Return `module::test` of each test function of the contract suite (read, not imported)."""
    found = set()
    for path in Path(suite.__file__).parent.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = path.stem.removeprefix("test_")
        found |= {f"{module}::{n.name}" for n in tree.body if isinstance(n, ast.FunctionDef)}
    return found


@pytest.mark.parametrize("api", API_NAMES)
def test_every_rule_has_a_check_or_is_a_known_gap(api: str) -> None:
    uncovered = [c.rule.name for c in coverage(api) if not c.checks and not gap_reason(c.rule)]
    assert not uncovered, "add a check and its row in contracts/suite/coverage.py for each"


def test_every_known_gap_is_still_uncovered() -> None:
    rules = [c for api in APIS for c in coverage(api)]
    stale = [p for p, _ in KNOWN_GAPS if not any(fnmatchcase(c.rule.name, p) for c in rules)]
    covered = [c.rule.name for c in rules if c.checks and gap_reason(c.rule)]
    assert not stale + covered, "remove these from KNOWN_GAPS"


def test_every_row_matches_a_rule() -> None:
    names = [rule.name for api in APIS for rule in spec_rules(api)]
    unused = [p for p, _ in COVERAGE if not any(fnmatchcase(n, p) for n in names)]
    assert not unused


def test_every_named_check_is_a_test_of_the_suite() -> None:
    named = {check for _, checks in COVERAGE for check in checks}
    assert not sorted(named - _suite_tests())


@pytest.mark.parametrize("api", API_NAMES)
def test_rules_option_prints_the_matrix_without_a_server(
    api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--api", api, "--rules"])
    out = capsys.readouterr().out
    total = len(spec_rules(api))
    gaps = sum(1 for c in coverage(api) if not c.checks)
    assert f"{api}: {total} rules, {total - gaps} covered, {gaps} uncovered" in out
    assert "status" in out and "assumption" in out and "bound" in out
    assert code == (1 if gaps else 0)
