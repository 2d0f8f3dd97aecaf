"""pagination: meta arithmetic on every list; walking the pages yields each item once, in order."""

from __future__ import annotations

import pytest

from contracts.context import Contract
from contracts.probes import check_meta, create_audience, create_contact, expected_ids, pages

pytestmark = pytest.mark.contract("pagination")

PAGINGS = [
    pytest.param(1, 1, id="page1-limit1"),
    pytest.param(2, 3, id="page2-limit3"),
    pytest.param(1, 100, id="page1-limit100"),
]


@pytest.mark.parametrize(("page", "limit"), PAGINGS)
@pytest.mark.parametrize(
    ("operation", "path"), [("listContacts", "/api/contact"), ("listAudiences", "/api/audience")]
)
def test_meta_arithmetic_holds(
    contract: Contract, operation: str, path: str, page: int, limit: int
) -> None:
    """total, totalPages, hasNextPage, hasPreviousPage, page, limit and data length agree."""
    check_meta(
        contract,
        operation,
        contract.target.get(path, params={"page": page, "limit": limit}),
        page,
        limit,
    )


@pytest.mark.parametrize(
    ("operation", "path"), [("listContacts", "/api/contact"), ("listAudiences", "/api/audience")]
)
def test_page_past_the_end_is_empty(contract: Contract, operation: str, path: str) -> None:
    """A page after the last one is 200 with no data and the same total."""
    first = contract.target.get(path, params={"limit": 100}).json()
    beyond = first["meta"]["totalPages"] + 1
    check_meta(
        contract,
        operation,
        contract.target.get(path, params={"page": beyond, "limit": 100}),
        beyond,
        100,
    )


@pytest.mark.writes
def test_walking_pages_yields_each_contact_once_in_order(contract: Contract) -> None:
    """Seven tagged contacts, three per page: each exactly once, in createdAt desc order."""
    token = contract.token()
    created = [create_contact(contract, fullName=f"{token} Walk") for _ in range(7)]
    walked = list(pages(contract, "/api/contact", "listContacts", 3, {"search": token}))
    ids = [item["id"] for item in walked]
    contract.expect(
        sorted(ids) == sorted(c["id"] for c in created),
        "pagination",
        "listContacts",
        "each of the 7 tagged contacts exactly once",
        ids,
    )
    contract.expect(
        ids == expected_ids(walked, "createdAt", True),
        "pagination",
        "listContacts",
        "createdAt desc, ties by id",
        ids,
        None,
        "#/components/parameters/SortOrder",
    )


@pytest.mark.writes
def test_audience_contact_pages_add_up(contract: Contract) -> None:
    """An audience of five contacts pages as 2+2+1 with the right meta on each page."""
    audience = create_audience(contract)
    members = [create_contact(contract)["id"] for _ in range(5)]
    contract.target.post(f"/api/audience/{audience['id']}/add-contacts", json={"contacts": members})
    path = f"/api/audience/{audience['id']}/contacts"
    walked = [item["id"] for item in pages(contract, path, "listAudienceContacts", 2)]
    contract.expect(
        sorted(walked) == sorted(members),
        "pagination",
        "listAudienceContacts",
        "the 5 members exactly once",
        walked,
    )
