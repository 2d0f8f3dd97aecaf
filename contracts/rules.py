"""Every rule an API's spec states, and the checks that would fail if a server broke each one.

A rule is named `<api> <kind> <subject>`, e.g. `gomobile status createContact 409` or
`client-contacts bound createClientContact body.email.maxLength`. The kinds: each
`x-assumption` marker, each bound keyword of a request field, each documented response status
of each operation, each field of the pagination object, each request body's content type and
size, and each bound keyword of a field inside a body's objects (`nested-bound`, e.g.
`gomobile nested-bound upsertContacts body.data[].firstName.maxLength`). Which checks cover a
rule is the declarative table in `contracts/suite/coverage.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from contracts.apis import APIS, spec_of
from contracts.bounds import nested_fields
from contracts.spec import ContractSpec, Node
from contracts.suite.coverage import COVERAGE

BOUND_KEYWORDS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "format",
    "enum",
    "pattern",
)

# The kinds of rule (rule classes), in the order `spec_rules` lists them.
RULE_KINDS = (
    "assumption",
    "status",
    "bound",
    "nested-bound",
    "content-type",
    "body-size",
    "pagination",
)


@dataclass(frozen=True)
class Rule:
    """One rule the spec states: its name, kind and where in the spec it is written."""

    name: str
    kind: str
    ref: str


@dataclass(frozen=True)
class Coverage:
    """One rule and the checks (`module::test`) that exercise it."""

    rule: Rule
    checks: tuple[str, ...]


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _markers(node: Any, pointer: str) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("x-assumption"):
            yield pointer or "#"
        for key, child in node.items():
            yield from _markers(child, f"{pointer}/{_escape(str(key))}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _markers(child, f"{pointer}/{index}")


def _keywords(spec: ContractSpec, schema: Node) -> Iterator[tuple[str, str]]:
    """Yield (prefix, keyword) for a field's bounds and those of its string items."""
    schema = spec.resolve(schema)
    yield from (("", k) for k in BOUND_KEYWORDS if k in schema)
    items = spec.resolve(schema.get("items", {}))
    yield from (("items.", k) for k in BOUND_KEYWORDS if k in items)


def _fields(spec: ContractSpec, operation_id: str) -> Iterator[tuple[str, str, Node]]:
    """Yield (place.field, ref, schema) of each parameter and top-level body property."""
    for ref, param in spec.parameters(operation_id):
        yield f"{param['in']}.{param['name']}", ref, param.get("schema", {})
    if "requestBody" in spec.operations[operation_id][2]:
        pointer, schema = spec.request_schema(operation_id)
        for name, prop in schema.get("properties", {}).items():
            yield f"body.{name}", f"{pointer}/properties/{name}", prop


def _operation_rules(api: str, spec: ContractSpec, operation_id: str) -> Iterator[Rule]:
    operation, ref = spec.operations[operation_id][2], spec.operation_ref(operation_id)
    for status in sorted(operation["responses"]):
        yield Rule(f"{api} status {operation_id} {status}", "status", f"{ref}/responses/{status}")
    for field, field_ref, schema in _fields(spec, operation_id):
        for prefix, keyword in _keywords(spec, schema):
            name = f"{api} bound {operation_id} {field}.{prefix}{keyword}"
            yield Rule(name, "bound", field_ref)
    if "requestBody" in operation:
        for path, field_ref, schema in nested_fields(spec, operation_id):
            for prefix, keyword in _keywords(spec, schema):
                name = f"{api} nested-bound {operation_id} body.{path}.{prefix}{keyword}"
                yield Rule(name, "nested-bound", field_ref)
        yield Rule(f"{api} content-type {operation_id}", "content-type", f"{ref}/requestBody")
        yield Rule(f"{api} body-size {operation_id}", "body-size", f"{ref}/requestBody")


def spec_rules(api: str) -> list[Rule]:
    """Return every rule the spec of `api` states, in a stable order."""
    spec, paging = spec_of(api), APIS[api].paging
    rules = [
        Rule(f"{api} assumption {pointer}", "assumption", pointer)
        for pointer in assumption_markers(api)
    ]
    for operation_id in sorted(spec.operations):
        rules += _operation_rules(api, spec, operation_id)
    fields = (paging.page, paging.size, paging.total, paging.total_pages, *paging.links(1, 1))
    rules += [Rule(f"{api} pagination {paging.key}.{f}", "pagination", paging.key) for f in fields]
    return rules


def assumption_markers(api: str) -> list[str]:
    """Return the pointer of every element the spec of `api` marks x-assumption."""
    return list(_markers(spec_of(api).document, "#"))


def checks_of(rule: Rule) -> tuple[str, ...]:
    """Return the checks the coverage table names for `rule` (none: a gap)."""
    found = [checks for pattern, checks in COVERAGE if fnmatchcase(rule.name, pattern)]
    return tuple(dict.fromkeys(check for checks in found for check in checks))


def coverage(api: str) -> list[Coverage]:
    """Return each rule of `api`'s spec with the checks that cover it."""
    return [Coverage(rule, checks_of(rule)) for rule in spec_rules(api)]


def matrix(api: str) -> str:
    """Return the printable rule matrix of `api`: each rule, its checks, and a summary line."""
    rows, uncovered = [], 0
    for item in coverage(api):
        shown = ", ".join(item.checks) or "UNCOVERED (no check)"
        uncovered += not item.checks
        rows.append(f"{item.rule.name.removeprefix(api + ' ')}\n    -> {shown}")
    total = len(rows)
    rows.append(f"{api}: {total} rules, {total - uncovered} covered, {uncovered} uncovered")
    return "\n".join(rows)
