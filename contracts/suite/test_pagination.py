"""pagination: the pagination arithmetic of every list; walking the pages yields each item once."""

from __future__ import annotations

import pytest

from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import check_page, create, expected_ids, ids, pages
from contracts.profile import Resource

pytestmark = pytest.mark.contract("pagination")

PAGINGS = [
    pytest.param(1, 1, id="page1-size1"),
    pytest.param(2, 3, id="page2-size3"),
    pytest.param(1, 100, id="page1-size100"),
]


@pytest.mark.parametrize(("page", "size"), PAGINGS)
def test_pagination_arithmetic_holds(
    contract: Contract, resource: Resource, page: int, size: int
) -> None:
    """total, total pages, next and previous, page, size and the data's length agree."""
    params = {"page": page, contract.api.size_param: size}
    check_page(
        contract, resource.op("list"), contract.target.get(resource.path, params=params), page, size
    )


def test_page_past_the_end_is_empty(contract: Contract, resource: Resource) -> None:
    """A page after the last one is 200 with no data and the same total."""
    api = contract.api
    first = contract.target.get(resource.path, params={api.size_param: 100}).json()
    beyond = first[api.paging.key][api.paging.total_pages] + 1
    params = {"page": beyond, api.size_param: 100}
    check_page(
        contract,
        resource.op("list"),
        contract.target.get(resource.path, params=params),
        beyond,
        100,
    )


@pytest.mark.writes
def test_walking_pages_yields_each_record_once_in_order(
    contract: Contract, resource: Resource
) -> None:
    """Seven tagged records, three per page: each exactly once, in createdAt desc order."""
    token = contract.token()
    marked = {resource.marker: f"{token} Walk"}
    created = [create(contract, resource, "pagination", **marked) for _ in range(7)]
    walked = list(pages(contract, resource.path, resource.op("list"), 3, {"search": token}))
    contract.expect(
        sorted(ids(contract, walked)) == sorted(ids(contract, created)),
        "pagination",
        resource.op("list"),
        "each of the 7 tagged records exactly once",
        ids(contract, walked),
    )
    contract.expect(
        ids(contract, walked) == expected_ids(walked, "createdAt", True, contract.api.id_field),
        "pagination",
        resource.op("list"),
        "createdAt desc, ties by id",
        ids(contract, walked),
        None,
        contract.api.ref("sort"),
    )


@pytest.mark.writes
@pytest.mark.api("gomobile")
def test_audience_contact_pages_add_up(contract: Contract) -> None:
    """An audience of five contacts pages as 2+2+1 with the right meta on each page."""
    audience = create(contract, AUDIENCE, "pagination")
    members = [create(contract, CONTACT, "pagination")["id"] for _ in range(5)]
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
