"""Small reusable steps of the checks: list pages, expected orders, valid bodies."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import httpx

from contracts.context import Contract

META = "#/components/schemas/PaginationMeta"
SORT = "#/components/parameters/SortOrder"
SEARCH = "#/components/parameters/Search"
MAX_PAGES = 200


def sort_key(value: Any) -> tuple[Any, ...]:
    """Order values as the spec decides: case-insensitive, nulls after every value."""
    if value is None:
        return (2,)
    return (1, value.casefold()) if isinstance(value, str) else (0, value)


def expected_ids(items: list[dict[str, Any]], field: str, descending: bool) -> list[str]:
    """Return the ids of `items` in the order the spec requires (ties by id, same direction)."""
    ordered = sorted(items, key=lambda item: (sort_key(item.get(field)), item["id"]))
    return [item["id"] for item in (reversed(ordered) if descending else ordered)]


def check_meta(
    contract: Contract, operation: str, response: httpx.Response, page: int, limit: int
) -> dict[str, Any]:
    """Check one list response's meta arithmetic; return its body."""
    contract.expect(
        response.status_code == 200, "pagination", operation, "200", response.status_code, response
    )
    body = response.json()
    meta, data = body.get("meta", {}), body.get("data", [])
    total = meta.get("total", -1)
    pages = math.ceil(total / limit) if total > 0 else 0
    expected = {
        "page": page,
        "limit": limit,
        "totalPages": pages,
        "hasNextPage": page < pages,
        "hasPreviousPage": page > 1,
    }
    seen = {key: meta.get(key) for key in expected}
    contract.expect(
        seen == expected,
        "pagination",
        operation,
        f"meta {expected} for total {total}",
        meta,
        response,
        META,
    )
    on_page = max(0, min(limit, total - (page - 1) * limit))
    contract.expect(
        len(data) == on_page,
        "pagination",
        operation,
        f"{on_page} items on page {page} of {total} with limit {limit}",
        len(data),
        response,
        META,
    )
    return dict(body)


def pages(
    contract: Contract, path: str, operation: str, limit: int, params: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Yield every item of a list, page by page (at most 200), checking each page's meta."""
    params, page = params or {}, 1
    while page <= MAX_PAGES:
        response = contract.target.get(path, params={**params, "page": page, "limit": limit})
        body = check_meta(contract, operation, response, page, limit)
        yield from body["data"]
        if not body["meta"]["hasNextPage"]:
            return
        page += 1


def contact_body(contract: Contract, **fields: Any) -> dict[str, Any]:
    """Return a valid create body for a contact of this run (tagged, reserved phone)."""
    body = {
        "primaryPhone": contract.phone(),
        "firstName": "Contract",
        "lastName": contract.name("Check")[:64],
    }
    body.update(fields)
    return body


def create_contact(contract: Contract, **fields: Any) -> dict[str, Any]:
    """Create a contact of this run; a failure is a lifecycle violation."""
    response = contract.target.post("/api/contact", json=contact_body(contract, **fields))
    contract.expect(
        response.status_code == 201,
        "lifecycle",
        "createContact",
        "201",
        response.status_code,
        response,
    )
    return dict(response.json())


def create_audience(contract: Contract, label: str = "Audience") -> dict[str, Any]:
    """Create an audience of this run."""
    response = contract.target.post("/api/audience", json={"name": contract.name(label)[:64]})
    contract.expect(
        response.status_code == 201,
        "audiences",
        "createAudience",
        "201",
        response.status_code,
        response,
    )
    return dict(response.json())
