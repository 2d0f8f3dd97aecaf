"""search_sort: each searchable field matches case-insensitively; each sort field, both ways."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contracts.apis import spec_of
from contracts.context import Contract
from contracts.gomobile import AUDIENCE, CONTACT
from contracts.probes import create, expected_ids, ids, new_body, pages, post_item, search
from contracts.profile import Body, Resource
from contracts.pytest_plugin import api_of, resource_params

pytestmark = pytest.mark.contract("search_sort")
ORDERS = [pytest.param(False, id="asc"), pytest.param(True, id="desc")]
SortRecords = Callable[[Resource], tuple[str, list[Body]]]
AUDIENCE_CONTACTS = spec_of("gomobile").list_operation("listAudienceContacts", "sortBy")
# test -> (what it takes per resource: searchable or sortable fields, or nothing; for which)
TABLES: dict[str, tuple[str | None, Callable[[Resource], bool]]] = {
    "test_search_matches_field": ("searchable", lambda resource: True),
    "test_search_ignores_undocumented_fields": (None, lambda r: r.unsearched is not None),
    "test_sort_both_ways_stably": ("sortable", lambda resource: resource.sorting is not None),
    "test_existing_data_sorts_both_ways": ("sortable", lambda resource: True),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tabulate, per resource, the fields its list searches or sorts by (from the spec)."""
    if metafunc.function.__name__ not in TABLES:
        return
    kind, applies = TABLES[metafunc.function.__name__]
    if kind is None:
        metafunc.parametrize("resource", resource_params(metafunc.config, applies))
        return
    api = api_of(metafunc.config)
    resources = [r for r in api.resources if applies(r)]
    lists = [(r, spec_of(api.name).list_operation(r.op("list"), api.sort_param)) for r in resources]
    rows = [
        pytest.param(resource, field, id=f"{resource.op('list')}.{field}")
        for resource, listing in lists
        for field in getattr(listing, kind)
    ]
    metafunc.parametrize(("resource", kind), rows)


@pytest.fixture(scope="module")
def sort_records(contract: Contract) -> SortRecords:
    """Make (once per resource) five records of this run whose sort fields vary; give its tag."""
    made: dict[str, tuple[str, list[Body]]] = {}

    def make(resource: Resource) -> tuple[str, list[Body]]:
        if resource.name not in made and resource.sorting is not None:
            tag = contract.token()
            bodies = resource.sorting(contract, tag)
            made[resource.name] = (
                tag,
                [post_item(contract, resource, "search_sort", body) for body in bodies],
            )
        return made[resource.name]

    return make


def _search_term(contract: Contract, resource: Resource, field: str) -> tuple[Body, str]:
    """Return the fields of a record findable by `field` only, and the term that finds it."""
    token = contract.token()
    schema = contract.spec.request_schema(resource.op("create"))[1]["properties"][field]
    if field == resource.unique:
        phone = contract.phone()
        return {field: phone}, phone.lstrip("+")
    if contract.spec.resolve(schema).get("format") == "email":
        return {field: f"{token}@example.com"}, token.swapcase()
    return {field: f"{token} Value"}, token.swapcase()


@pytest.mark.writes
def test_search_matches_field(contract: Contract, resource: Resource, searchable: str) -> None:
    """A token in one searchable field, searched in another case, finds exactly that record."""
    fields, term = _search_term(contract, resource, searchable)
    item = create(contract, resource, "search_sort", **fields)
    found = ids(contract, search(contract, resource, term))
    contract.expect(
        found == [item[contract.api.id_field]],
        "search_sort",
        resource.op("list"),
        f"search {term!r} finds the record by {searchable}",
        found,
        None,
        contract.api.ref("search"),
    )


@pytest.mark.writes
def test_search_ignores_undocumented_fields(contract: Contract, resource: Resource) -> None:
    """A token only in a field that is not searchable finds nothing."""
    token, field = contract.token(), str(resource.unsearched)
    contract.target.post(resource.path, json=new_body(contract, resource, **{field: f"{token} X"}))
    found = ids(contract, search(contract, resource, token))
    contract.expect(
        found == [],
        "search_sort",
        resource.op("list"),
        f"no match on {field}",
        found,
        None,
        contract.api.ref("search"),
    )


def check_order(
    contract: Contract, operation: str, items: list[Body], field: str, descending: bool
) -> None:
    """Check that `items` come sorted by `field` as the spec says (nulls, case, ties)."""
    key = contract.api.id_field
    contract.expect(
        ids(contract, items) == expected_ids(items, field, descending, key),
        "search_sort",
        operation,
        f"by {field} {'desc' if descending else 'asc'}, nulls last asc / first desc, ties by id",
        [(item.get(field), item[key][:8]) for item in items],
        None,
        contract.api.ref("sort"),
    )


@pytest.mark.writes
@pytest.mark.parametrize("descending", ORDERS)
def test_sort_both_ways_stably(
    contract: Contract,
    resource: Resource,
    sortable: str,
    descending: bool,
    sort_records: SortRecords,
) -> None:
    """Each sortable field orders the run's records both ways; pages of two agree with one."""
    tag, created = sort_records(resource)
    operation, order = resource.op("list"), contract.api.sort_params(sortable, descending)
    whole = search(contract, resource, tag, **order)
    wanted = sorted(ids(contract, created))
    found = sorted(ids(contract, whole))
    what = f"the run's {len(created)} records"
    contract.expect(
        found == wanted, "search_sort", operation, what, found, None, contract.api.ref("search")
    )
    check_order(contract, operation, whole, sortable, descending)
    walked = pages(contract, resource.path, operation, 2, {**order, "search": tag})
    paged, what = ids(contract, list(walked)), "the same order across pages"
    rule = contract.api.ref("sort")
    contract.expect(
        paged == ids(contract, whole), "search_sort", operation, what, paged, None, rule
    )


@pytest.mark.parametrize("descending", ORDERS)
def test_existing_data_sorts_both_ways(
    contract: Contract, resource: Resource, sortable: str, descending: bool
) -> None:
    """On whatever the target holds (read-only safe): the first page is in order."""
    params = {**contract.api.sort_params(sortable, descending), contract.api.size_param: 50}
    items = contract.target.get(resource.path, params=params).json()["data"]
    check_order(contract, resource.op("list"), items, sortable, descending)


def _audience_of(contract: Contract, members: list[Body]) -> str:
    audience = create(contract, AUDIENCE, "search_sort")
    contract.target.post(
        f"/api/audience/{audience['id']}/add-contacts", json={"contacts": ids(contract, members)}
    )
    return f"/api/audience/{audience['id']}/contacts"


@pytest.mark.writes
@pytest.mark.api("gomobile")
@pytest.mark.parametrize("field", AUDIENCE_CONTACTS.searchable)
def test_audience_contact_search_matches_field(
    contract: Contract, field: str, sort_records: SortRecords
) -> None:
    """In an audience's contact list, each documented field is searched."""
    _, contacts = sort_records(CONTACT)
    path = _audience_of(contract, contacts)
    target = next(c for c in contacts if c.get(field))
    term = target[field][1:].swapcase() if field != "primaryPhone" else target[field][1:]
    found = ids(
        contract, contract.target.get(path, params={"search": term, "limit": 100}).json()["data"]
    )
    contract.expect(
        target["id"] in found,
        "search_sort",
        "listAudienceContacts",
        f"found by {field}",
        found,
        None,
        contract.api.ref("search"),
    )


@pytest.mark.writes
@pytest.mark.api("gomobile")
@pytest.mark.parametrize("descending", ORDERS)
@pytest.mark.parametrize("field", AUDIENCE_CONTACTS.sortable)
def test_audience_contacts_sort_both_ways(
    contract: Contract, field: str, descending: bool, sort_records: SortRecords
) -> None:
    """An audience's contact list sorts by each documented field, both ways."""
    path = _audience_of(contract, sort_records(CONTACT)[1])
    params = {**contract.api.sort_params(field, descending), "limit": 100}
    items = contract.target.get(path, params=params).json()["data"]
    check_order(contract, "listAudienceContacts", items, field, descending)
