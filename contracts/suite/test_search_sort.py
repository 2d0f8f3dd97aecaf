"""search_sort: each searchable field matches case-insensitively; each sort field, both ways."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.context import Contract
from contracts.probes import SEARCH, SORT, contact_body, create_audience, expected_ids, pages
from contracts.spec import ContractSpec

pytestmark = pytest.mark.contract("search_sort")
LISTS = {item.operation_id: item for item in ContractSpec().list_operations()}
ORDERS = [pytest.param(False, id="asc"), pytest.param(True, id="desc")]
FIRST_NAMES = ["alpha", "Bravo", None, "charlie", "Bravo"]
EMAILS = [None, "zulu@example.com", "Yankee@example.com", "x@example.com", None]


def _search(contract: Contract, path: str, term: str, **params: Any) -> list[dict[str, Any]]:
    response = contract.target.get(path, params={"search": term, "limit": 100, **params})
    return list(response.json()["data"]) if response.status_code == 200 else []


@pytest.fixture(scope="module")
def sort_tag(contract: Contract) -> str:
    """The token in the fullName of the sortable contacts, and only theirs."""
    return contract.token()


@pytest.fixture(scope="module")
def sortable_contacts(contract: Contract, sort_tag: str) -> list[dict[str, Any]]:
    """Five contacts of this run with mixed-case values, repeats and nulls in the sort fields."""
    if contract.settings.read_only:
        pytest.skip("--read-only: this check writes")
    created = []
    for first, email in zip(FIRST_NAMES, EMAILS, strict=True):
        body = contact_body(
            contract, fullName=f"{sort_tag} Sort", lastName=f"{contract.token()} {first}"
        )
        body = {
            k: v
            for k, v in {**body, "firstName": first, "primaryEmail": email}.items()
            if v is not None
        }
        created.append(contract.target.post("/api/contact", json=body).json())
    return created


@pytest.mark.writes
@pytest.mark.parametrize("field", LISTS["listContacts"].searchable)
def test_contact_search_matches_field(contract: Contract, field: str) -> None:
    """A token in one searchable field, searched in another case, finds exactly that contact."""
    token = contract.token()
    value = {"primaryEmail": f"{token}@example.com", "primaryPhone": None}.get(
        field, f"{token} Value"
    )
    contact = contract.target.post(
        "/api/contact", json=contact_body(contract, **({field: value} if value else {}))
    ).json()
    term = contact["primaryPhone"][1:] if field == "primaryPhone" else token.swapcase()
    found = [c["id"] for c in _search(contract, "/api/contact", term)]
    contract.expect(
        found == [contact["id"]],
        "search_sort",
        "listContacts",
        f"search {term!r} finds the contact by {field}",
        found,
        None,
        SEARCH,
    )


@pytest.mark.writes
def test_contact_search_ignores_undocumented_fields(contract: Contract) -> None:
    """A token only in city (not a searchable field) finds nothing."""
    token = contract.token()
    contract.target.post("/api/contact", json=contact_body(contract, city=f"{token} City"))
    found = _search(contract, "/api/contact", token)
    contract.expect(
        found == [],
        "search_sort",
        "listContacts",
        "no match on city",
        [c["id"] for c in found],
        None,
        SEARCH,
    )


@pytest.mark.writes
@pytest.mark.parametrize("field", LISTS["listAudiences"].searchable)
def test_audience_search_matches_field(contract: Contract, field: str) -> None:
    """A token in an audience's name or description, in another case, finds that audience."""
    token = contract.token()
    body = {"name": contract.name("Search")[:64], field: f"{token} text"}
    audience = contract.target.post("/api/audience", json=body).json()
    found = [a["id"] for a in _search(contract, "/api/audience", token.swapcase())]
    contract.expect(
        found == [audience["id"]],
        "search_sort",
        "listAudiences",
        f"found by {field}",
        found,
        None,
        SEARCH,
    )


@pytest.mark.writes
@pytest.mark.parametrize("field", LISTS["listAudienceContacts"].searchable)
def test_audience_contact_search_matches_field(
    contract: Contract, field: str, sortable_contacts: list[dict[str, Any]]
) -> None:
    """In an audience's contact list, each documented field is searched."""
    audience = create_audience(contract)
    ids = [c["id"] for c in sortable_contacts]
    contract.target.post(f"/api/audience/{audience['id']}/add-contacts", json={"contacts": ids})
    target = next(c for c in sortable_contacts if c[field])
    term = target[field][1:].swapcase() if field != "primaryPhone" else target[field][1:]
    found = [c["id"] for c in _search(contract, f"/api/audience/{audience['id']}/contacts", term)]
    contract.expect(
        target["id"] in found,
        "search_sort",
        "listAudienceContacts",
        f"found by {field}",
        found,
        None,
        SEARCH,
    )


def _check_order(
    contract: Contract, operation: str, items: list[dict[str, Any]], field: str, descending: bool
) -> None:
    ids = [item["id"] for item in items]
    contract.expect(
        ids == expected_ids(items, field, descending),
        "search_sort",
        operation,
        f"by {field} {'desc' if descending else 'asc'}, nulls last asc / first desc, ties by id",
        [(item.get(field), item["id"][:8]) for item in items],
        None,
        SORT,
    )


@pytest.mark.writes
@pytest.mark.parametrize("descending", ORDERS)
@pytest.mark.parametrize("field", LISTS["listContacts"].sortable)
def test_contacts_sort_both_ways_stably(
    contract: Contract,
    field: str,
    descending: bool,
    sort_tag: str,
    sortable_contacts: list[dict[str, Any]],
) -> None:
    """Each sortable field orders the list both ways, and pages of two agree with one page."""
    params = {"sortBy": field, "sortOrder": "desc" if descending else "asc", "search": sort_tag}
    whole = _search(
        contract, "/api/contact", sort_tag, **{k: v for k, v in params.items() if k != "search"}
    )
    contract.expect(
        len(whole) == len(sortable_contacts),
        "search_sort",
        "listContacts",
        "the run's 5 contacts",
        len(whole),
        None,
        SEARCH,
    )
    _check_order(contract, "listContacts", whole, field, descending)
    paged = [item["id"] for item in pages(contract, "/api/contact", "listContacts", 2, params)]
    contract.expect(
        paged == [item["id"] for item in whole],
        "search_sort",
        "listContacts",
        "the same order across pages",
        paged,
        None,
        SORT,
    )


@pytest.mark.writes
@pytest.mark.parametrize("descending", ORDERS)
@pytest.mark.parametrize("field", LISTS["listAudienceContacts"].sortable)
def test_audience_contacts_sort_both_ways(
    contract: Contract, field: str, descending: bool, sortable_contacts: list[dict[str, Any]]
) -> None:
    """An audience's contact list sorts by each documented field, both ways."""
    audience = create_audience(contract)
    contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts",
        json={"contacts": [c["id"] for c in sortable_contacts]},
    )
    params = {"sortBy": field, "sortOrder": "desc" if descending else "asc", "limit": 100}
    items = contract.target.get(f"/api/audience/{audience['id']}/contacts", params=params).json()[
        "data"
    ]
    _check_order(contract, "listAudienceContacts", items, field, descending)


@pytest.mark.parametrize("descending", ORDERS)
@pytest.mark.parametrize(
    ("operation", "field"),
    [(op, f) for op in ("listContacts", "listAudiences") for f in LISTS[op].sortable],
)
def test_existing_data_sorts_both_ways(
    contract: Contract, operation: str, field: str, descending: bool
) -> None:
    """On whatever the target holds (read-only safe): the first page is in order."""
    params = {"sortBy": field, "sortOrder": "desc" if descending else "asc", "limit": 50}
    items = contract.target.get(LISTS[operation].path, params=params).json()["data"]
    _check_order(contract, operation, items, field, descending)
