"""Rule coverage: every rule the specs state is exercised by a check of the contract suite."""

from __future__ import annotations

import ast
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from contracts import cli, suite
from contracts.apis import APIS
from contracts.rules import RULE_KINDS, coverage, spec_rules
from contracts.suite.coverage import COVERAGE

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
def test_every_rule_has_a_check(api: str) -> None:
    uncovered = [c.rule.name for c in coverage(api) if not c.checks]
    assert not uncovered, "add a check and its row in contracts/suite/coverage.py for each"


@pytest.mark.parametrize("api", API_NAMES)
def test_every_rule_is_of_a_known_kind(api: str) -> None:
    assert {rule.kind for rule in spec_rules(api)} <= set(RULE_KINDS)


@pytest.mark.parametrize(
    ("api", "rule", "ref"),
    [
        pytest.param(
            "gomobile",
            "gomobile nested-bound upsertContacts body.data[].firstName.maxLength",
            "#/components/schemas/CreateContactRequest/properties/firstName",
            id="batch-item",
        ),
        pytest.param(
            "client-contacts",
            "client-contacts nested-bound createClientContact body.creator._id.pattern",
            "#/components/schemas/AdminCreator/properties/_id",
            id="oneOf-object",
        ),
    ],
)
def test_bounds_inside_body_objects_are_nested_bound_rules(api: str, rule: str, ref: str) -> None:
    found = {r.name: r for r in spec_rules(api)}
    assert found[rule].kind == "nested-bound" and found[rule].ref == ref


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
    assert f"{api}: {total} rules, {total} covered, 0 uncovered" in out
    assert "UNCOVERED" not in out
    assert all(f"\n{kind} " in out for kind in {rule.kind for rule in spec_rules(api)})
    assert code == 0
