"""requests: the rules on a request itself - its content type, its size, the form of its ids."""

from __future__ import annotations

import re

import httpx
import pytest

from contracts.apis import spec_of
from contracts.context import Contract
from contracts.probes import create, expect_status
from contracts.pytest_plugin import api_of

pytestmark = pytest.mark.contract("requests")
MEBIBYTE = 1024 * 1024
MALFORMED_ID = "contactkit-malformed-id"
# test -> which operations it tries: those with a request body, or with an id in the path
SELECTIONS = {
    "test_non_json_body_is_unsupported": lambda op: "requestBody" in op[2],
    "test_body_over_a_mebibyte_is_too_large": lambda op: "requestBody" in op[2],
    "test_malformed_id_is_bad_request": lambda op: "{" in op[1],
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tabulate the operations of the chosen API's spec each test applies to."""
    chosen = SELECTIONS.get(metafunc.function.__name__)
    if chosen is not None:
        operations = spec_of(api_of(metafunc.config).name).operations
        metafunc.parametrize("operation", sorted(o for o, op in operations.items() if chosen(op)))


def _existing_path(contract: Contract, template: str) -> str:
    """Fill the path's id with a record this run creates, so the answer is not a 404."""
    if "{" not in template:
        return template
    owner = next(r for r in contract.api.resources if template.startswith(f"{r.path}/{{"))
    record = create(contract, owner, "requests")
    return re.sub(r"\{[^}]+\}", str(record[contract.api.id_field]), template)


def _send(contract: Contract, operation: str, content: bytes, content_type: str) -> httpx.Response:
    method, template, _ = contract.spec.operations[operation]
    return contract.target.request(
        method,
        _existing_path(contract, template),
        content=content,
        headers={"content-type": content_type},
    )


@pytest.mark.writes
def test_non_json_body_is_unsupported(contract: Contract, operation: str) -> None:
    """A body that is not application/json is 415 (text that is no JSON: nothing is written)."""
    response = _send(contract, operation, b"name=contactkit", "text/plain")
    expect_status(
        contract, "requests", operation, response, 415, contract.api.ref("media_type"), "text/plain"
    )


@pytest.mark.writes
def test_body_over_a_mebibyte_is_too_large(contract: Contract, operation: str) -> None:
    """A body over 1 MiB is 413 (a JSON array of no valid shape: nothing is written)."""
    content = b'["' + b"x" * MEBIBYTE + b'"]'
    response = _send(contract, operation, content, "application/json")
    expect_status(
        contract, "requests", operation, response, 413, contract.api.ref("too_large"), "1 MiB + 4"
    )


@pytest.mark.writes
def test_malformed_id_is_bad_request(contract: Contract, operation: str) -> None:
    """An id in the path that has not the id's form is 400, not 404."""
    method, template, spec_operation = contract.spec.operations[operation]
    # The run mints the malformed id: nobody's record has it, so a write to it is safe.
    contract.connection.scope.minted.add(MALFORMED_ID)
    body: dict[str, str] | None = {} if "requestBody" in spec_operation else None
    path = re.sub(r"\{[^}]+\}", MALFORMED_ID, template)
    response = contract.target.request(method, path, json=body)
    expect_status(
        contract, "requests", operation, response, 400, contract.api.ref("bad_request"), path
    )
