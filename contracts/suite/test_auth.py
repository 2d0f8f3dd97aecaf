"""auth: no key or a bad key is 401; one organization sees nothing of another."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from contracts.apis import spec_of
from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import create, ids, search
from contracts.profile import Resource
from contracts.pytest_plugin import api_of, resource_params
from contracts.target import Target

pytestmark = pytest.mark.contract("auth")
KEYS = [pytest.param(None, id="no-key"), pytest.param("contactkit-not-a-key", id="bad-key")]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every operation of the chosen API's spec; every resource it has."""
    if "operation" in metafunc.fixturenames:
        operations = spec_of(api_of(metafunc.config).name).operations
        metafunc.parametrize("operation", sorted(operations))
    if "resource" in metafunc.fixturenames:
        metafunc.parametrize("resource", resource_params(metafunc.config))


def _path(contract: Contract, template: str) -> str:
    # A fresh id: nothing of anybody's, so a server that ignored auth would still write nothing.
    return re.sub(r"\{[^}]+\}", contract.fresh_id(), template)


@pytest.mark.parametrize("key", KEYS)
def test_requests_without_a_valid_key_are_unauthorized(
    contract: Contract, operation: str, key: str | None
) -> None:
    """Every operation answers 401 to a missing or unknown key, before anything else."""
    method, template, _ = contract.spec.operations[operation]
    if contract.settings.read_only and method != "GET":
        pytest.skip("--read-only: only GET requests")
    body: Any = {} if method in ("POST", "PUT", "PATCH") else None
    headers = {contract.api.key_header: key} if key else {}
    response = contract.target.request(
        method, _path(contract, template), auth=key is not None, json=body, headers=headers
    )
    contract.expect(
        response.status_code == 401,
        "auth",
        operation,
        "401",
        response.status_code,
        response,
        contract.api.ref("auth"),
    )


def _other(contract: Contract) -> Target:
    if contract.other is None:
        pytest.skip("tenancy needs --other-api-key")
    return contract.other


def test_other_organization_cannot_read_existing_records(
    contract: Contract, resource: Resource
) -> None:
    """(Read-only safe) records listed with one key are 404 and unlisted with the other."""
    other, api = _other(contract), contract.api
    listed = contract.target.get(resource.path, params={api.size_param: 5}).json()["data"]
    for item in listed:
        response = other.get(resource.item_path(item[api.id_field]))
        contract.expect(
            response.status_code == 404,
            "auth",
            resource.op("get"),
            "404 across organizations",
            response.status_code,
            response,
            api.ref("auth"),
        )
        query = {"search": resource.term(item), api.size_param: 100}
        found = ids(contract, other.get(resource.path, params=query).json()["data"])
        leaked = [i for i in found if i == item[api.id_field]]
        contract.expect(
            leaked == [],
            "auth",
            resource.op("list"),
            "not listed across organizations",
            leaked,
            None,
            api.ref("auth"),
        )


def _all_not_found(contract: Contract, attempts: list[tuple[str, httpx.Response]]) -> None:
    for operation, response in attempts:
        contract.expect(
            response.status_code == 404,
            "auth",
            operation,
            "404 across organizations",
            response.status_code,
            response,
            contract.api.ref("not_found"),
        )


@pytest.mark.writes
def test_other_organization_cannot_touch_records(contract: Contract, resource: Resource) -> None:
    """Get, update and delete through the other key are 404 and change nothing."""
    other, api = _other(contract), contract.api
    item = create(contract, resource, "auth", **resource.extra)
    path = resource.item_path(item[api.id_field])
    attempts = [
        (resource.op("get"), other.get(path)),
        (resource.op("update"), other.update(path, json=resource.update)),
        (resource.op("delete"), other.delete(path)),
    ]
    _all_not_found(contract, attempts)
    after = contract.target.get(path)
    kept = after.status_code == 200 and all(
        api.item(after.json()).get(f) == item.get(f) for f in resource.update
    )
    contract.expect(
        kept, "auth", resource.op("get"), "the record untouched", after.status_code, after
    )
    found = ids(contract, search(contract, resource, resource.term(item)))
    contract.expect(
        item[api.id_field] in found, "auth", resource.op("list"), "still listed", found, None
    )


@pytest.mark.writes
@pytest.mark.api("gomobile")
def test_other_organization_cannot_use_audiences(contract: Contract) -> None:
    """The other key can neither list our audience's contacts nor add our contact to its own."""
    other = _other(contract)
    contact, audience = create(contract, CONTACT, "auth"), create(contract, AUDIENCE, "auth")
    theirs = other.post("/api/audience", json={"name": contract.name("Other")[:64]}).json()
    attempts = [
        ("listAudienceContacts", other.get(f"/api/audience/{audience['id']}/contacts")),
        (
            "addAudienceContacts",
            other.post(
                f"/api/audience/{theirs['id']}/add-contacts", json={"contacts": [contact["id"]]}
            ),
        ),
    ]
    _all_not_found(contract, attempts)
