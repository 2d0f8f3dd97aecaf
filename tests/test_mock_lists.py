"""The mock's three lists: pagination meta, parameter validation, search, sort and paging."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    add_contacts,
    assert_error,
    assert_names,
    create_audience,
    first_page,
    gomobile_document,
    ok,
    phone,
    upsert,
    walk,
)

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]

KINDS = ["contacts", "audiences", "audience-contacts"]
SPEC_PATHS = {
    "contacts": "/api/contact",
    "audiences": "/api/audience",
    "audience-contacts": "/api/audience/{id}/contacts",
}
MakeList = Callable[[str, list[dict[str, Any]]], str]


def _operation(kind: str) -> dict[str, Any]:
    found: dict[str, Any] = gomobile_document()["paths"][SPEC_PATHS[kind]]["get"]
    return found


def _sort_fields(kind: str) -> list[str]:
    """Return the sortBy enum of a list, from the spec."""
    for parameter in _operation(kind)["parameters"]:
        if parameter.get("name") == "sortBy":
            fields: list[str] = parameter["schema"]["enum"]
            return fields
    raise KeyError(kind)


def _searchable(kind: str) -> list[str]:
    """Return the x-searchable-fields of a list, from the spec."""
    fields: list[str] = _operation(kind)["x-searchable-fields"]
    return fields


def _item(kind: str, number: int, **fields: Any) -> dict[str, Any]:
    """Return the body of the `number`th item of a list of `kind`."""
    if kind == "audiences":
        return {"name": f"Audience {number:03d}", **fields}
    return {"primaryPhone": phone(number), **fields}


@pytest.fixture
def make_list(api: httpx.Client) -> MakeList:
    """Create items (bodies) for a list of `kind` through the API; return the list's path.

    For audience-contacts the bodies are contacts, added to a new audience in reverse order
    (so that membership order is not creation order).
    """

    def make(kind: str, items: list[dict[str, Any]]) -> str:
        if kind == "audiences":
            for item in items:
                create_audience(api, **item)
            return AUDIENCES
        contacts = upsert(api, items)["data"] if items else []
        if kind == "contacts":
            return CONTACTS
        audience = create_audience(api)
        if contacts:
            add_contacts(api, audience["id"], [c["id"] for c in reversed(contacts)])
        return f"{AUDIENCES}/{audience['id']}/contacts"

    return make


def _expected_meta(total: int, page: int, limit: int) -> dict[str, Any]:
    pages = math.ceil(total / limit)
    return {
        "page": page,
        "limit": limit,
        "total": total,
        "totalPages": pages,
        "hasNextPage": page < pages,
        "hasPreviousPage": page > 1,
    }


# Pagination meta -------------------------------------------------------------------------------

META_CASES = [
    # total, page, limit, totalPages, hasNextPage, hasPreviousPage, items on the page
    pytest.param(0, 1, 20, 0, False, False, 0, id="empty"),
    pytest.param(0, 2, 20, 0, False, True, 0, id="empty-page-2"),
    pytest.param(6, 1, 3, 2, True, False, 3, id="multiple-first"),
    pytest.param(6, 2, 3, 2, False, True, 3, id="multiple-last"),
    pytest.param(7, 1, 3, 3, True, False, 3, id="remainder-first"),
    pytest.param(7, 2, 3, 3, True, True, 3, id="remainder-middle"),
    pytest.param(7, 3, 3, 3, False, True, 1, id="remainder-last"),
    pytest.param(7, 4, 3, 3, False, True, 0, id="past-the-end"),
    pytest.param(7, 1000, 3, 3, False, True, 0, id="far-past-the-end"),
    pytest.param(7, 1, 100, 1, False, False, 7, id="one-page"),
    pytest.param(7, 1, 7, 1, False, False, 7, id="exactly-one-page"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("count", "page", "limit", "pages", "has_next", "has_previous", "on_page"), META_CASES
)
def test_pagination_meta(
    make_list: MakeList,
    api: httpx.Client,
    kind: str,
    count: int,
    page: int,
    limit: int,
    pages: int,
    has_next: bool,
    has_previous: bool,
    on_page: int,
) -> None:
    path = make_list(kind, [_item(kind, n) for n in range(count)])
    body = first_page(api, path, page=page, limit=limit)
    assert body["meta"] == {
        "page": page,
        "limit": limit,
        "total": count,
        "totalPages": pages,
        "hasNextPage": has_next,
        "hasPreviousPage": has_previous,
    }
    assert len(body["data"]) == on_page


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_are_page_1_limit_20(make_list: MakeList, api: httpx.Client, kind: str) -> None:
    path = make_list(kind, [_item(kind, n) for n in range(25)])
    body = first_page(api, path)
    assert body["meta"] == _expected_meta(25, 1, 20)
    assert len(body["data"]) == 20


# Parameter validation: 400, never clamped --------------------------------------------------------

BAD_PARAMETERS = [
    pytest.param("page", "0", id="page-0"),
    pytest.param("page", "-1", id="page-negative"),
    pytest.param("page", "1.5", id="page-fraction"),
    pytest.param("page", "abc", id="page-text"),
    pytest.param("page", "", id="page-empty"),
    pytest.param("limit", "0", id="limit-0"),
    pytest.param("limit", "101", id="limit-101"),
    pytest.param("limit", "-5", id="limit-negative"),
    pytest.param("limit", "2.5", id="limit-fraction"),
    pytest.param("limit", "ten", id="limit-text"),
    pytest.param("search", "x" * 101, id="search-101"),
    pytest.param("sortBy", "unknown", id="sortBy-unknown"),
    pytest.param("sortBy", "", id="sortBy-empty"),
    pytest.param("sortOrder", "up", id="sortOrder-unknown"),
    pytest.param("sortOrder", "ASC", id="sortOrder-uppercase"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("name", "value"), BAD_PARAMETERS)
def test_invalid_parameter_is_400(
    make_list: MakeList, api: httpx.Client, kind: str, name: str, value: str
) -> None:
    path = make_list(kind, [_item(kind, 1)])
    messages = assert_error(api.get(path, params={name: value}), 400)
    assert_names(messages, name)


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        pytest.param("contacts", "name", id="contacts-name"),
        pytest.param("audiences", "firstName", id="audiences-firstName"),
        pytest.param("audience-contacts", "primaryEmail", id="audience-contacts-primaryEmail"),
        pytest.param("audience-contacts", "updatedAt", id="audience-contacts-updatedAt"),
    ],
)
def test_sort_field_of_another_list_is_400(
    make_list: MakeList, api: httpx.Client, kind: str, field: str
) -> None:
    path = make_list(kind, [_item(kind, 1)])
    assert_names(assert_error(api.get(path, params={"sortBy": field}), 400), "sortBy")


def test_every_invalid_parameter_is_listed(api: httpx.Client) -> None:
    params = {"page": "0", "limit": "101", "search": "x" * 101, "sortBy": "x", "sortOrder": "x"}
    messages = assert_error(api.get(CONTACTS, params=params), 400)
    for name in params:
        assert_names(messages, name)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("page", "1", id="page-1"),
        pytest.param("limit", "1", id="limit-1"),
        pytest.param("limit", "100", id="limit-100"),
        pytest.param("search", "", id="search-empty"),
        pytest.param("search", "x" * 100, id="search-100"),
    ],
)
def test_parameter_on_the_bound_is_accepted(
    make_list: MakeList, api: httpx.Client, kind: str, name: str, value: str
) -> None:
    path = make_list(kind, [_item(kind, 1)])
    body = first_page(api, path, **{name: value})
    if name in ("page", "limit"):
        assert body["meta"][name] == int(value)


# Search ----------------------------------------------------------------------------------------

# A value holding the term (in another case, inside other text), and the term searched.
SEARCH_VALUES: dict[str, tuple[Any, str]] = {
    "firstName": ("ZaQuoKKaz", "quokka"),
    "lastName": ("Van QUOKKA", "Quokka"),
    "fullName": ("Zed quokka Zed", "QUOKKA"),
    "primaryEmail": ("zed.quokka@example.com", "QuoKKa"),
    "primaryPhone": ("+212777123456", "77712"),
    "address": ("12 Rue Quokka", "quokka"),
    "city": ("Quokkaville", "quokka"),
    "state": ("Quokka-Settat", "quokka"),
    "zip": ("QK-20000", "qk-2"),
    "occupation": ("Quokka keeper", "quokka"),
    "preferredChannel": ("quokkaphone", "quokka"),
    "name": ("The QuoKKa club", "quokka"),
    "description": ("All QUOKKA fans", "quokka"),
}
TEXT_FIELDS = {
    "contacts": [
        "firstName",
        "lastName",
        "fullName",
        "primaryEmail",
        "primaryPhone",
        "address",
        "city",
        "state",
        "zip",
        "occupation",
        "preferredChannel",
    ],
    "audiences": ["name", "description"],
    "audience-contacts": [
        "firstName",
        "lastName",
        "fullName",
        "primaryEmail",
        "primaryPhone",
        "city",
        "occupation",
    ],
}


def _search_cases(searchable: bool) -> list[Any]:
    return [
        pytest.param(kind, field, id=f"{kind}-{field}")
        for kind in KINDS
        for field in TEXT_FIELDS[kind]
        if (field in _searchable(kind)) is searchable
    ]


def _target_and_decoy(kind: str, field: str) -> list[dict[str, Any]]:
    value, _ = SEARCH_VALUES[field]
    return [_item(kind, 1, **{field: value}), _item(kind, 2)]


@pytest.mark.parametrize(("kind", "field"), _search_cases(searchable=True))
def test_search_matches_a_searchable_field_case_insensitively(
    make_list: MakeList, api: httpx.Client, kind: str, field: str
) -> None:
    path = make_list(kind, _target_and_decoy(kind, field))
    everything = {item["id"]: item for item in first_page(api, path)["data"]}
    _, term = SEARCH_VALUES[field]
    for variant in (term, term.upper(), term.lower()):
        found = first_page(api, path, search=variant)
        assert [everything[item["id"]][field] for item in found["data"]] == [
            SEARCH_VALUES[field][0]
        ], variant
        assert found["meta"]["total"] == 1


@pytest.mark.parametrize(("kind", "field"), _search_cases(searchable=False))
def test_search_ignores_a_field_not_documented_as_searchable(
    make_list: MakeList, api: httpx.Client, kind: str, field: str
) -> None:
    path = make_list(kind, _target_and_decoy(kind, field))
    _, term = SEARCH_VALUES[field]
    assert first_page(api, path, search=term)["meta"]["total"] == 0


def test_a_term_only_in_full_name_matches_contacts_but_not_audience_contacts(
    make_list: MakeList, api: httpx.Client
) -> None:
    path = make_list("audience-contacts", [_item("contacts", 1, fullName="Zed Quokka")])
    assert first_page(api, CONTACTS, search="quokka")["meta"]["total"] == 1
    assert first_page(api, path, search="quokka")["meta"]["total"] == 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("50%", ["50% off"], id="percent"),
        pytest.param("%", ["50% off"], id="percent-alone"),
        pytest.param("e_c", ["snake_case"], id="underscore"),
        pytest.param("_", ["snake_case"], id="underscore-alone"),
    ],
)
def test_search_takes_percent_and_underscore_literally(
    make_list: MakeList, api: httpx.Client, kind: str, term: str, expected: list[str]
) -> None:
    field = "name" if kind == "audiences" else "firstName"
    names = ["50% off", "500 off", "snake_case", "snakeXcase"]
    path = make_list(kind, [_item(kind, n, **{field: name}) for n, name in enumerate(names)])
    everything = {item["id"]: item for item in first_page(api, path)["data"]}
    found = first_page(api, path, search=term)["data"]
    assert [everything[item["id"]][field] for item in found] == expected


@pytest.mark.parametrize("kind", KINDS)
def test_empty_search_matches_everything(make_list: MakeList, api: httpx.Client, kind: str) -> None:
    path = make_list(kind, [_item(kind, n) for n in range(3)])
    assert first_page(api, path, search="")["meta"]["total"] == 3


def test_search_never_matches_across_two_fields(make_list: MakeList, api: httpx.Client) -> None:
    make_list("contacts", [_item("contacts", 1, firstName="John", lastName="Doe")])
    for term in ("john\x00doe", "n\x00d", "\x00"):
        assert first_page(api, CONTACTS, search=term)["meta"]["total"] == 0, repr(term)


# Sort ------------------------------------------------------------------------------------------

# Mixed case (ASCII order differs from case-insensitive order), ties, and null values.
SORT_CONTACTS = [
    {"primaryPhone": "+212600000003", "firstName": "bravo", "lastName": "Zulu"},
    {"primaryPhone": "+212600000001", "firstName": "Alpha", "primaryEmail": "b@example.com"},
    {"primaryPhone": "+212700000002", "firstName": "alpha", "lastName": "yankee"},
    {"primaryPhone": "+212600000010", "primaryEmail": "A@example.com"},
    {"primaryPhone": "+212500000005", "firstName": "Charlie", "lastName": "ZULU"},
    {"primaryPhone": "+212600000004", "primaryEmail": "c@example.com"},
    {"primaryPhone": "+212600000006", "firstName": "ALPHA", "lastName": "x-ray"},
]
SORT_AUDIENCES = [
    {"name": "bravo club"},
    {"name": "Alpha club"},
    {"name": "alpha club"},
    {"name": "Charlie club"},
    {"name": "ALPHA CLUB"},
    {"name": "delta club"},
]


def _expected_order(items: list[dict[str, Any]], field: str, order: str) -> list[str]:
    """The spec's order: case-insensitive, nulls last asc / first desc, ties by id likewise."""

    def key(item: dict[str, Any]) -> tuple[bool, str, str]:
        value = item[field]
        return (value is None, "" if value is None else value.casefold(), item["id"])

    ids = [item["id"] for item in sorted(items, key=key)]
    return ids if order == "asc" else ids[::-1]


@pytest.fixture
def sort_list(make_list: MakeList, api: httpx.Client) -> Callable[[str], str]:
    """Create the sort fixture data for a list of `kind`; return the list's path."""

    def make(kind: str) -> str:
        if kind != "audiences":
            return make_list(kind, SORT_CONTACTS)
        path = make_list(kind, SORT_AUDIENCES)
        # Reorder updatedAt against createdAt: touch the audiences oldest-created last.
        for audience in first_page(api, AUDIENCES, sortOrder="asc")["data"][::2]:
            ok(api.put(f"{AUDIENCES}/{audience['id']}", json={"description": "touched"}))
        return path

    return make


SORT_CASES = [
    pytest.param(kind, field, order, id=f"{kind}-{field}-{order}")
    for kind in KINDS
    for field in _sort_fields(kind)
    for order in ("asc", "desc")
]


@pytest.mark.parametrize(("kind", "field", "order"), SORT_CASES)
def test_sort(
    sort_list: Callable[[str], str], api: httpx.Client, kind: str, field: str, order: str
) -> None:
    path = sort_list(kind)
    items = first_page(api, path, sortBy=field, sortOrder=order, limit=100)["data"]
    assert [item["id"] for item in items] == _expected_order(items, field, order)


def test_audience_contacts_sort_by_the_contacts_creation(
    make_list: MakeList, api: httpx.Client
) -> None:
    path = make_list("audience-contacts", [_item("contacts", n) for n in range(5)])
    contacts = first_page(api, CONTACTS, sortBy="createdAt", sortOrder="asc")["data"]
    members = first_page(api, path, sortBy="createdAt", sortOrder="asc")["data"]
    assert [m["id"] for m in members] == [c["id"] for c in contacts]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="no-parameters"),
        pytest.param({"sortBy": "createdAt"}, id="sortBy-only"),
        pytest.param({"sortOrder": "desc"}, id="sortOrder-only"),
    ],
)
def test_default_order_is_created_at_descending(
    sort_list: Callable[[str], str], api: httpx.Client, kind: str, params: dict[str, str]
) -> None:
    path = sort_list(kind)
    items = first_page(api, path, limit=100, **params)["data"]
    assert [item["id"] for item in items] == _expected_order(items, "createdAt", "desc")


# Paging through seed data ------------------------------------------------------------------------


@pytest.fixture
def seeded_path(api: httpx.Client) -> Callable[[str], str]:
    """Return the path of a list of `kind` over the default seed (the largest audience)."""

    def path(kind: str) -> str:
        if kind != "audience-contacts":
            return SPEC_PATHS[kind]
        audiences = first_page(api, AUDIENCES, limit=100)["data"]
        largest = max(audiences, key=lambda audience: audience["contactCount"])
        assert largest["contactCount"] > 7
        return f"{AUDIENCES}/{largest['id']}/contacts"

    return path


WALK_CASES = [
    pytest.param(kind, field, order, id=f"{kind}-{field}-{order}")
    for kind in KINDS
    for field in _sort_fields(kind)
    for order in ("asc", "desc")
]


@pytest.mark.contactkit(profile="default")
@pytest.mark.parametrize(("kind", "field", "order"), WALK_CASES)
def test_walking_every_page_yields_every_item_once(
    api: httpx.Client,
    seeded_path: Callable[[str], str],
    kind: str,
    field: str,
    order: str,
) -> None:
    path = seeded_path(kind)
    expected_total = first_page(api, path)["meta"]["total"]
    limit = 7 if kind != "contacts" else 23
    items = walk(api, path, limit, sortBy=field, sortOrder=order)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == expected_total
    assert ids == _expected_order(items, field, order)
