"""Small reusable steps of the checks: list pages, expected orders, records of this run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from contracts.context import Contract
from contracts.profile import Body, Resource

MAX_PAGES = 200


def sort_key(value: Any) -> tuple[Any, ...]:
    """Order values as the specs decide: case-insensitive, nulls after every value."""
    if value is None:
        return (2,)
    return (1, value.casefold()) if isinstance(value, str) else (0, value)


def expected_ids(items: list[Body], field: str, descending: bool, id_field: str) -> list[str]:
    """Return the ids of `items` in the order the spec requires (ties by id, same direction)."""
    ordered = sorted(items, key=lambda item: (sort_key(item.get(field)), item[id_field]))
    return [item[id_field] for item in (reversed(ordered) if descending else ordered)]


def ids(contract: Contract, items: list[Body]) -> list[str]:
    """Return the ids of `items`."""
    return [item[contract.api.id_field] for item in items]


def expect_status(
    contract: Contract,
    check: str,
    operation: str,
    response: httpx.Response,
    status: int,
    rule: str | None = None,
    about: str | None = None,
) -> None:
    """Raise a Violation of `check` unless `response` has `status` (the answer `about` what)."""
    contract.expect(
        response.status_code == status,
        check,
        operation,
        f"{status} for {about}" if about else str(status),
        response.status_code,
        response,
        rule,
    )


def check_page(
    contract: Contract, operation: str, response: httpx.Response, page: int, size: int
) -> Body:
    """Check one list response's pagination arithmetic and length; return its body."""
    expect_status(contract, "pagination", operation, response, 200)
    body = dict(response.json())
    paging = contract.api.paging.check(body, page, size)
    rule = contract.api.ref("pagination")
    contract.expect(
        paging.seen == paging.expected,
        "pagination",
        operation,
        f"{contract.api.paging.key} {paging.expected} for total {paging.total}",
        body.get(contract.api.paging.key),
        response,
        rule,
    )
    contract.expect(
        paging.count == paging.on_page,
        "pagination",
        operation,
        f"{paging.on_page} items on page {page} of {paging.total} with size {size}",
        paging.count,
        response,
        rule,
    )
    return body


def pages(
    contract: Contract, path: str, operation: str, size: int, params: dict[str, Any] | None = None
) -> Iterator[Body]:
    """Yield every item of a list, page by page (at most 200), checking each page."""
    api, page = contract.api, 1
    while page <= MAX_PAGES:
        query = {**(params or {}), "page": page, api.size_param: size}
        body = check_page(contract, operation, contract.target.get(path, params=query), page, size)
        yield from body["data"]
        if page >= body[api.paging.key][api.paging.total_pages]:
            return
        page += 1


def new_body(contract: Contract, resource: Resource, **fields: Any) -> Body:
    """Return a valid create body of this run for `resource`, with `fields` on top."""
    return {**resource.body(contract), **fields}


def create(contract: Contract, resource: Resource, check: str, **fields: Any) -> Body:
    """Create a record of this run and return it; anything but 201 is a violation of `check`."""
    return post_item(contract, resource, check, new_body(contract, resource, **fields))


def post_item(contract: Contract, resource: Resource, check: str, body: Body) -> Body:
    """Create a record from exactly `body` and return it; anything but 201 violates `check`."""
    response = contract.target.post(resource.path, json=body)
    expect_status(contract, check, resource.op("create"), response, 201)
    return contract.api.item(response.json())


def search(contract: Contract, resource: Resource, term: str, **params: Any) -> list[Body]:
    """Return the first 100 records a search finds (none when the list is refused)."""
    query = {"search": term, contract.api.size_param: 100, **params}
    response = contract.target.get(resource.path, params=query)
    return list(response.json()["data"]) if response.status_code == 200 else []


def listed(contract: Contract, resource: Resource, term: str) -> tuple[list[str], int]:
    """Return the ids a search lists on its first page, and the total it reports."""
    query = {"search": term, contract.api.size_param: 100}
    body = contract.target.get(resource.path, params=query).json()
    return ids(contract, body["data"]), body[contract.api.paging.key][contract.api.paging.total]
