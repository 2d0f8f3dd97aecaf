"""limits: each length and range bound of the spec, just inside accepted, just outside a 400."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from contracts.context import Contract
from contracts.probes import contact_body, create_audience, create_contact
from contracts.spec import ContractSpec, Limit

pytestmark = pytest.mark.contract("limits")
SPEC = ContractSpec()
BAD_REQUEST = "#/components/responses/BadRequest"


def _value(contract: Contract, limit: Limit, length: int) -> str:
    if limit.field == "primaryEmail":
        return "a" * (length - 12) + "@example.com"
    if limit.field == "primaryPhone":
        return (contract.phone() + "0" * length)[:length]
    return "x" * length


def _bounds(schema: str) -> list[Any]:
    params = []
    for limit in SPEC.string_limits(schema):
        for length, accepted in ((limit.min_length, True), (limit.max_length, True)):
            if length is not None:
                params.append(
                    pytest.param(limit, length, accepted, id=f"{schema}.{limit.field}={length}")
                )
        if limit.min_length:
            params.append(
                pytest.param(limit, limit.min_length - 1, False, id=f"{schema}.{limit.field}<min")
            )
        if limit.max_length is not None:
            params.append(
                pytest.param(limit, limit.max_length + 1, False, id=f"{schema}.{limit.field}>max")
            )
    return params


def _names_field(response: httpx.Response, field: str) -> bool:
    try:
        message = response.json().get("message")
    except ValueError:
        return False
    messages = message if isinstance(message, list) else [message]
    return any(field in str(m) for m in messages)


def _judge(
    contract: Contract,
    operation: str,
    limit: Limit,
    length: int,
    accepted: bool,
    response: httpx.Response,
    ok: int,
) -> None:
    what = f"{limit.field} of {length} characters"
    if accepted:
        # A very short phone may already be a real contact's: 409 still means it was valid.
        taken = limit.field == "primaryPhone" and response.status_code == 409
        contract.expect(
            response.status_code == ok or taken,
            "limits",
            operation,
            f"{ok} for {what}",
            response.status_code,
            response,
        )
        return
    contract.expect(
        response.status_code == 400 and _names_field(response, limit.field),
        "limits",
        operation,
        f"400 naming {limit.field} for {what}",
        response.status_code,
        response,
        BAD_REQUEST,
    )


@pytest.mark.writes
@pytest.mark.parametrize(("limit", "length", "accepted"), _bounds("CreateContactRequest"))
def test_create_contact_bound(
    contract: Contract, limit: Limit, length: int, accepted: bool
) -> None:
    """createContact honours each field's documented length bound."""
    value = _value(contract, limit, length)
    response = contract.target.post(
        "/api/contact", json=contact_body(contract, **{limit.field: value})
    )
    _judge(contract, "createContact", limit, length, accepted, response, 201)


@pytest.mark.writes
@pytest.mark.parametrize(("limit", "length", "accepted"), _bounds("UpdateContactRequest"))
def test_update_contact_bound(
    contract: Contract, limit: Limit, length: int, accepted: bool
) -> None:
    """updateContact honours each field's documented length bound."""
    contact = create_contact(contract)
    value = _value(contract, limit, length)
    response = contract.target.put(f"/api/contact/{contact['id']}", json={limit.field: value})
    _judge(contract, "updateContact", limit, length, accepted, response, 200)


@pytest.mark.writes
@pytest.mark.parametrize(("limit", "length", "accepted"), _bounds("CreateAudienceRequest"))
def test_create_audience_bound(
    contract: Contract, limit: Limit, length: int, accepted: bool
) -> None:
    """createAudience honours each field's documented length bound."""
    body = {"name": contract.name("Limit")[:64], limit.field: _value(contract, limit, length)}
    _judge(
        contract,
        "createAudience",
        limit,
        length,
        accepted,
        contract.target.post("/api/audience", json=body),
        201,
    )


@pytest.mark.writes
@pytest.mark.parametrize(("limit", "length", "accepted"), _bounds("UpdateAudienceRequest"))
def test_update_audience_bound(
    contract: Contract, limit: Limit, length: int, accepted: bool
) -> None:
    """updateAudience honours each field's documented length bound."""
    audience = create_audience(contract)
    response = contract.target.put(
        f"/api/audience/{audience['id']}", json={limit.field: _value(contract, limit, length)}
    )
    _judge(contract, "updateAudience", limit, length, accepted, response, 200)


def _query_bounds() -> list[Any]:
    params = []
    for operation_id, path in (
        ("listContacts", "/api/contact"),
        ("listAudiences", "/api/audience"),
    ):
        for name in ("page", "limit"):
            schema = SPEC.query_parameter(operation_id, name)
            for bound, delta, accepted in (
                ("minimum", 0, True),
                ("minimum", -1, False),
                ("maximum", 0, True),
                ("maximum", 1, False),
            ):
                if bound in schema:
                    value = schema[bound] + delta
                    params.append(
                        pytest.param(
                            operation_id,
                            path,
                            name,
                            value,
                            accepted,
                            id=f"{operation_id}.{name}={value}",
                        )
                    )
        search = SPEC.query_parameter(operation_id, "search")["maxLength"]
        params.append(
            pytest.param(
                operation_id,
                path,
                "search",
                "z" * search,
                True,
                id=f"{operation_id}.search={search}",
            )
        )
        params.append(
            pytest.param(
                operation_id,
                path,
                "search",
                "z" * (search + 1),
                False,
                id=f"{operation_id}.search>max",
            )
        )
    return params


@pytest.mark.parametrize(("operation", "path", "name", "value", "accepted"), _query_bounds())
def test_query_parameter_bound(
    contract: Contract, operation: str, path: str, name: str, value: Any, accepted: bool
) -> None:
    """page, limit and search are bounded as documented, and out of range is 400, not clamped."""
    response = contract.target.get(path, params={name: value})
    if accepted:
        contract.expect(
            response.status_code == 200,
            "limits",
            operation,
            f"200 for {name}={str(value)[:20]}",
            response.status_code,
            response,
        )
        return
    contract.expect(
        response.status_code == 400 and _names_field(response, name),
        "limits",
        operation,
        f"400 naming {name} (never clamped)",
        response.status_code,
        response,
        "#/components/parameters/Limit",
    )


@pytest.mark.writes
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
    path = path or f"/api/audience/{create_audience(contract)['id']}/add-contacts"
    response = contract.target.post(path, json=body)
    contract.expect(
        response.status_code == 400,
        "limits",
        operation,
        "400 for an empty batch",
        response.status_code,
        response,
    )
