"""limits: each documented bound of the spec, just inside accepted, just outside a 400 naming it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from contracts.apis import spec_of
from contracts.bounds import (
    INVALID_EMAILS,
    Bound,
    body_bounds,
    email_fields,
    item_bounds,
    query_bounds,
    value,
)
from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import create, expect_status, new_body
from contracts.profile import Resource
from contracts.pytest_plugin import api_of

pytestmark = pytest.mark.contract("limits")
# test -> the operation of a resource whose bounds it tries, and where they are read from
TABLES = {
    "test_create_bound": lambda resource: (resource.op("create"), body_bounds),
    "test_update_bound": lambda resource: (resource.op("update"), body_bounds),
    "test_list_parameter_bound": lambda resource: (resource.op("list"), query_bounds),
}


# The batches: API, operation, the body's array of items, the resource each item is.
BATCHES = (("gomobile", "upsertContacts", "data", CONTACT),)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tabulate every bound of the chosen API's spec, per resource, for the test that tries it."""
    if metafunc.function.__name__ == "test_invalid_email_is_rejected":
        _invalid_emails(metafunc)
        return
    if metafunc.function.__name__ == "test_batch_item_bound":
        _batch_items(metafunc)
        return
    table = TABLES.get(metafunc.function.__name__)
    if table is None:
        return
    api = api_of(metafunc.config)
    params = []
    for resource in api.resources:
        operation, bounds = table(resource)
        params += [
            pytest.param(resource, bound, id=f"{operation}.{bound.label}")
            for bound in bounds(spec_of(api.name), operation)
        ]
    metafunc.parametrize(("resource", "bound"), params)


def _invalid_emails(metafunc: pytest.Metafunc) -> None:
    """Tabulate each invalid address for each email field of each resource's create body."""
    api = api_of(metafunc.config)
    params = [
        pytest.param(resource, field, ref, address, id=f"{resource.op('create')}.{field}={address}")
        for resource in api.resources
        for field, ref in email_fields(spec_of(api.name), resource.op("create"))
        for address in INVALID_EMAILS
    ]
    metafunc.parametrize(("resource", "field", "ref", "address"), params)


def _batch_items(metafunc: pytest.Metafunc) -> None:
    """Tabulate each bound of a property of a batch's items (nested bounds).

    The matching key (upsert's phone) is tried just outside its bounds only: an accepted value
    outside the run's reserved phones could match, and change, a record the run does not own.
    """
    api = api_of(metafunc.config)
    params = [
        pytest.param(operation, array, resource, bound, id=f"{operation}.{array}[].{bound.label}")
        for name, operation, array, resource in BATCHES
        if name == api.name
        for bound in item_bounds(spec_of(api.name), operation, array)
        if bound.field != resource.unique or not bound.accepted
    ]
    metafunc.parametrize(("operation", "array", "resource", "bound"), params)


def _judge(
    contract: Contract,
    operation: str,
    resource: Resource,
    bound: Bound,
    response: httpx.Response,
    ok: int,
) -> None:
    if bound.accepted:
        # A very short phone may already be a real contact's: 409 still means it was valid.
        taken = bound.field == resource.unique and response.status_code == 409
        if not taken:
            expect_status(contract, "limits", operation, response, ok, about=bound.what)
        return
    own = contract.spec.is_assumption(bound.ref)
    contract.expect(
        response.status_code == 400 and _names(contract, response, bound.field),
        "limits",
        operation,
        f"400 naming {bound.field} for {bound.what} (never clamped)",
        response.status_code,
        response,
        bound.ref if own else contract.api.ref("bad_request"),
    )


def _names(contract: Contract, response: httpx.Response, field: str) -> bool:
    """Tell whether the error body names `field` in one of its messages."""
    try:
        return any(field in message for message in contract.api.errors(response.json()))
    except ValueError:
        return False


def _value(contract: Contract, resource: Resource, bound: Bound) -> Any:
    return value(contract.spec, bound, contract, resource.unique)


@pytest.mark.writes
def test_create_bound(contract: Contract, resource: Resource, bound: Bound) -> None:
    """Create honours each field's documented bound."""
    fields = {bound.field: _value(contract, resource, bound)}
    response = contract.target.post(resource.path, json=new_body(contract, resource, **fields))
    _judge(contract, resource.op("create"), resource, bound, response, 201)


@pytest.mark.writes
def test_update_bound(contract: Contract, resource: Resource, bound: Bound) -> None:
    """Update honours each field's documented bound."""
    item = create(contract, resource, "limits")
    response = contract.target.update(
        resource.item_path(item[contract.api.id_field]),
        json={bound.field: _value(contract, resource, bound)},
    )
    _judge(contract, resource.op("update"), resource, bound, response, 200)


def test_list_parameter_bound(contract: Contract, resource: Resource, bound: Bound) -> None:
    """Each bounded list parameter (page, size, search, ...) is bounded as documented."""
    params = {bound.field: _value(contract, resource, bound)}
    response = contract.target.get(resource.path, params=params)
    _judge(contract, resource.op("list"), resource, bound, response, 200)


@pytest.mark.writes
@pytest.mark.api("gomobile")
def test_batch_item_bound(
    contract: Contract, operation: str, array: str, resource: Resource, bound: Bound
) -> None:
    """Each item of a batch honours the item's documented bounds; a 400 names the item's field."""
    item = new_body(contract, resource, **{bound.field: _value(contract, resource, bound)})
    response = contract.target.post(contract.spec.operations[operation][1], json={array: [item]})
    named = replace(bound, field=f"{array}.0.{bound.field}")
    _judge(contract, operation, resource, named, response, 201)


@pytest.mark.writes
def test_invalid_email_is_rejected(
    contract: Contract, resource: Resource, field: str, ref: str, address: str
) -> None:
    """An address that is no valid email (`format: email`) is a 400 naming the field."""
    body = new_body(contract, resource, **{field: address})
    response = contract.target.post(resource.path, json=body)
    contract.expect(
        response.status_code == 400 and _names(contract, response, field),
        "limits",
        resource.op("create"),
        f"400 naming {field} for the invalid email {address!r}",
        response.status_code,
        response,
        ref if contract.spec.is_assumption(ref) else contract.api.ref("bad_request"),
    )


@pytest.mark.writes
@pytest.mark.api("gomobile")
@pytest.mark.parametrize(
    ("operation", "path", "body"),
    [
        pytest.param("upsertContacts", "/api/contact/upsert", {"data": []}, id="upsert-empty"),
        pytest.param("addAudienceContacts", None, {"contacts": []}, id="add-contacts-empty"),
    ],
)
def test_empty_batches_are_rejected(
    contract: Contract, operation: str, path: str | None, body: dict[str, Any]
) -> None:
    """A batch needs at least one item."""
    path = path or f"/api/audience/{create(contract, AUDIENCE, 'limits')['id']}/add-contacts"
    response = contract.target.post(path, json=body)
    contract.expect(
        response.status_code == 400,
        "limits",
        operation,
        "400 for an empty batch",
        response.status_code,
        response,
    )
