"""GET /client-contacts: the pagination object, parameters, sort, sortBy, search and filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cmp_to_key
from typing import Any

import httpx
import pytest
from mock_helpers import (
    CLIENT_CONTACTS,
    assert_client_error,
    assert_names,
    client_ids,
    client_page,
    client_walk,
    create_client_contact,
    object_id,
    ok,
)

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]

SORT_FIELDS = ["name", "local_name", "email", "title", "createdAt", "updatedAt", "_id"]
Make = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.fixture
def make(client_api: httpx.Client) -> Make:
    """Create client contacts from bodies, in order; return them as created."""

    def create(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [create_client_contact(client_api, **body) for body in bodies]

    return create


def _numbered(count: int) -> list[dict[str, Any]]:
    return [{"name": f"Contact {n:03d}"} for n in range(count)]


def _millis(timestamp: str) -> int:
    return (datetime.fromisoformat(timestamp) - _EPOCH) // timedelta(milliseconds=1)


def _compare(a: Any, b: Any) -> int:
    """Compare two field values as the API sorts them: case-insensitive, absent last."""
    if a is None or b is None:
        return (a is None) - (b is None)
    if isinstance(a, str):
        a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _expected(items: list[dict[str, Any]], keys: list[tuple[str, bool]]) -> list[str]:
    """Return the ids of `items` ordered by keys [(field, descending), ...]."""

    def compare(x: dict[str, Any], y: dict[str, Any]) -> int:
        for field, descending in keys:
            found = _compare(x.get(field), y.get(field))
            if found:
                return -found if descending else found
        return 0

    return [item["_id"] for item in sorted(items, key=cmp_to_key(compare))]


# The pagination object ---------------------------------------------------------------------------

PAGINATION_CASES = [
    # count, page, per_page, pre_page, next_page, total_page, items on the page
    pytest.param(0, 1, 25, 0, 0, 0, 0, id="empty"),
    pytest.param(0, 2, 25, 1, 0, 0, 0, id="empty-page-2"),
    pytest.param(6, 1, 3, 0, 2, 2, 3, id="multiple-first"),
    pytest.param(6, 2, 3, 1, 0, 2, 3, id="multiple-last"),
    pytest.param(7, 1, 3, 0, 2, 3, 3, id="remainder-first"),
    pytest.param(7, 2, 3, 1, 3, 3, 3, id="remainder-middle"),
    pytest.param(7, 3, 3, 2, 0, 3, 1, id="remainder-last"),
    pytest.param(7, 4, 3, 3, 0, 3, 0, id="past-the-end"),
    pytest.param(7, 1000, 3, 999, 0, 3, 0, id="far-past-the-end"),
    pytest.param(7, 1, 100, 0, 0, 1, 7, id="one-page"),
    pytest.param(7, 1, 7, 0, 0, 1, 7, id="exactly-one-page"),
    pytest.param(3, 2, 1, 1, 3, 3, 1, id="per-page-1"),
]


@pytest.mark.parametrize(
    ("count", "page", "per_page", "pre_page", "next_page", "total_page", "on_page"),
    PAGINATION_CASES,
)
def test_pagination_object(
    make: Make,
    client_api: httpx.Client,
    count: int,
    page: int,
    per_page: int,
    pre_page: int,
    next_page: int,
    total_page: int,
    on_page: int,
) -> None:
    contacts = make(_numbered(count))
    body = client_page(client_api, page=page, per_page=per_page)
    assert set(body) == {"success", "data", "pagination"}
    assert body["pagination"] == {
        "page": page,
        "per_page": per_page,
        "pre_page": pre_page,
        "next_page": next_page,
        "total": count,
        "total_page": total_page,
    }
    newest_first = [c["_id"] for c in reversed(contacts)]
    start = (page - 1) * per_page
    assert [c["_id"] for c in body["data"]] == newest_first[start : start + per_page]
    assert len(body["data"]) == on_page


def test_defaults_are_page_1_per_page_25(make: Make, client_api: httpx.Client) -> None:
    make(_numbered(26))
    body = client_page(client_api)
    assert body["pagination"] == {
        "page": 1,
        "per_page": 25,
        "pre_page": 0,
        "next_page": 2,
        "total": 26,
        "total_page": 2,
    }
    assert len(body["data"]) == 25


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("per_page", "1", id="per_page-1"),
        pytest.param("per_page", "100", id="per_page-100"),
        pytest.param("page", "1", id="page-1"),
        pytest.param("search", "", id="search-empty"),
        pytest.param("search", "x" * 100, id="search-100"),
        pytest.param("from_updatedAt", "0", id="from_updatedAt-0"),
        pytest.param("to_updatedAt", "0", id="to_updatedAt-0"),
        pytest.param("to_updatedAt", str(2**63 - 1), id="to_updatedAt-int64-max"),
        pytest.param("_id", [object_id(n) for n in range(100)], id="_id-100"),
        pytest.param("name", [f"n{n}" for n in range(100)], id="name-100"),
        pytest.param("sortBy", [f"{f}:asc" for f in SORT_FIELDS[:5]], id="sortBy-5"),
        pytest.param("from__id", "0" * 24, id="from__id-zero"),
        pytest.param("to__id", "F" * 24, id="to__id-uppercase"),
    ],
)
def test_parameter_on_the_bound_is_accepted(
    make: Make, client_api: httpx.Client, name: str, value: Any
) -> None:
    make(_numbered(1))
    body = client_page(client_api, **{name: value})
    if name in ("page", "per_page"):
        assert body["pagination"][name] == int(value)


BAD_PARAMETERS = [
    pytest.param("page", "0", id="page-0"),
    pytest.param("page", "-1", id="page-negative"),
    pytest.param("page", "1.5", id="page-fraction"),
    pytest.param("page", "abc", id="page-text"),
    pytest.param("per_page", "0", id="per_page-0"),
    pytest.param("per_page", "101", id="per_page-101"),
    pytest.param("per_page", "-5", id="per_page-negative"),
    pytest.param("per_page", "2.5", id="per_page-fraction"),
    pytest.param("per_page", "ten", id="per_page-text"),
    pytest.param("sort", "nope", id="sort-unknown"),
    pytest.param("sort", "+name", id="sort-plus"),
    pytest.param("sort", "--name", id="sort-double-minus"),
    pytest.param("sort", "Name", id="sort-case"),
    pytest.param("sort", "", id="sort-empty"),
    pytest.param("sortBy", "name", id="sortBy-no-order"),
    pytest.param("sortBy", "name:up", id="sortBy-unknown-order"),
    pytest.param("sortBy", "nope:asc", id="sortBy-unknown-field"),
    pytest.param("sortBy", "-name:asc", id="sortBy-minus"),
    pytest.param("sortBy", [f"{f}:asc" for f in SORT_FIELDS[:6]], id="sortBy-6"),
    pytest.param("sortBy", "name:asc\n", id="sortBy-trailing-newline"),
    pytest.param("sortBy", "name:asc,_id:desc", id="sortBy-comma-separated"),
    pytest.param("search", "x" * 101, id="search-101"),
    pytest.param("_id", "nope", id="_id-malformed"),
    pytest.param("_id", [object_id(1), "nope"], id="_id-one-malformed"),
    pytest.param("_id", [object_id(n) for n in range(101)], id="_id-101"),
    pytest.param("_id", object_id(1) + "\n", id="_id-trailing-newline"),
    pytest.param("_id", f"{object_id(1)},{object_id(2)}", id="_id-comma-separated"),
    pytest.param("name", [f"n{n}" for n in range(101)], id="name-101"),
    pytest.param("from_updatedAt", "-1", id="from_updatedAt-negative"),
    pytest.param("from_updatedAt", "yesterday", id="from_updatedAt-text"),
    pytest.param("from_updatedAt", "2025-01-01T00:00:00Z", id="from_updatedAt-iso"),
    pytest.param("to_updatedAt", "-1", id="to_updatedAt-negative"),
    pytest.param("to_updatedAt", "1.5", id="to_updatedAt-fraction"),
    pytest.param("from__id", "xyz", id="from__id-malformed"),
    pytest.param("from__id", object_id(1) + "\n", id="from__id-trailing-newline"),
    pytest.param("to__id", "0" * 23, id="to__id-23-digits"),
]


@pytest.mark.parametrize(("name", "value"), BAD_PARAMETERS)
def test_invalid_parameter_is_400_naming_it(
    make: Make, client_api: httpx.Client, name: str, value: Any
) -> None:
    make(_numbered(1))
    response = client_api.get(CLIENT_CONTACTS, params={name: value})
    assert_names(assert_client_error(response, 400), name)
    assert response.json()["message"] == "Validation failed"


def test_every_invalid_parameter_is_listed(client_api: httpx.Client) -> None:
    params = {"page": "0", "per_page": "101", "search": "x" * 101, "sort": "x", "to__id": "x"}
    messages = assert_client_error(client_api.get(CLIENT_CONTACTS, params=params), 400)
    for name in params:
        assert_names(messages, name)


def test_per_page_over_100_is_worded_like_the_gomobile_mock(client_api: httpx.Client) -> None:
    response = client_api.get(CLIENT_CONTACTS, params={"per_page": "101"})
    assert assert_client_error(response, 400) == ["per_page must not be greater than 100"]


# sort and sortBy -------------------------------------------------------------------------------

# Mixed case (ASCII order differs from case-insensitive order), ties, absent values, Arabic.
SORT_CONTACTS: list[dict[str, Any]] = [
    {"name": "bravo", "local_name": "برافو", "email": "b@example.com", "title": "Zulu"},
    {"name": "Alpha", "email": "B@example.com"},
    {"name": "alpha", "local_name": "ألفا", "title": "yankee"},
    {"name": "Charlie", "title": "ZULU", "local_name": "ألفا"},
    {"name": "ALPHA", "email": "a@example.com", "title": "x-ray"},
    {"name": "delta", "local_name": "دلتا", "email": "c@example.com"},
    {"name": "echo"},
]


@pytest.fixture
def sort_contacts(make: Make, client_api: httpx.Client) -> list[dict[str, Any]]:
    """Create SORT_CONTACTS, then touch every other one from the newest, so that updatedAt
    order differs from createdAt order; return them as they now are."""
    contacts = make(SORT_CONTACTS)
    for contact in contacts[::-2]:
        ok(client_api.patch(f"{CLIENT_CONTACTS}/{contact['_id']}", json={}))
    return client_page(client_api, per_page=100)["data"]


SORT_CASES = [
    pytest.param(field, descending, id=f"{'-' if descending else ''}{field}")
    for field in SORT_FIELDS
    for descending in (False, True)
]


@pytest.mark.parametrize(("field", "descending"), SORT_CASES)
def test_sort(
    sort_contacts: list[dict[str, Any]], client_api: httpx.Client, field: str, descending: bool
) -> None:
    sort = f"-{field}" if descending else field
    ids = client_ids(client_api, sort=sort, per_page=100)
    assert ids == _expected(sort_contacts, [(field, descending), ("_id", descending)])


def test_sort_orders_differ_for_created_at_and_updated_at(
    sort_contacts: list[dict[str, Any]], client_api: httpx.Client
) -> None:
    by_created = client_ids(client_api, sort="createdAt", per_page=100)
    assert client_ids(client_api, sort="updatedAt", per_page=100) != by_created


def test_ties_are_broken_by_id_in_the_sort_direction(make: Make, client_api: httpx.Client) -> None:
    contacts = make([{"name": "Same", "title": "same"}, {"name": "same"}, {"name": "SAME"}])
    ids = sorted(c["_id"] for c in contacts)
    assert client_ids(client_api, sort="name") == ids
    assert client_ids(client_api, sort="-name") == ids[::-1]


@pytest.mark.parametrize(
    "params", [pytest.param({}, id="no-parameters"), pytest.param({"page": 1}, id="page-only")]
)
def test_default_order_is_created_at_descending(
    sort_contacts: list[dict[str, Any]], client_api: httpx.Client, params: dict[str, Any]
) -> None:
    ids = client_ids(client_api, per_page=100, **params)
    assert ids == _expected(sort_contacts, [("createdAt", True), ("_id", True)])


SORT_BY_CASES = [
    pytest.param(["title:asc", "name:desc"], id="title-asc-name-desc"),
    pytest.param(["title:desc", "name:asc"], id="title-desc-name-asc"),
    pytest.param(["local_name:asc", "email:desc", "_id:asc"], id="three-keys"),
    pytest.param(["email:desc", "createdAt:asc"], id="email-desc-createdAt-asc"),
    pytest.param(["updatedAt:desc"], id="one-key"),
]


@pytest.mark.parametrize("sort_by", SORT_BY_CASES)
def test_sort_by_several_keys(
    sort_contacts: list[dict[str, Any]], client_api: httpx.Client, sort_by: list[str]
) -> None:
    keys = [(field, order == "desc") for field, order in (s.split(":") for s in sort_by)]
    ids = client_ids(client_api, sortBy=sort_by, per_page=100)
    assert ids == _expected(sort_contacts, keys)


def test_sort_by_replaces_sort(
    sort_contacts: list[dict[str, Any]], client_api: httpx.Client
) -> None:
    ids = client_ids(client_api, sort="name", sortBy=["createdAt:asc"], per_page=100)
    assert ids == _expected(sort_contacts, [("createdAt", False)])


@pytest.mark.contactkit(profile="default")
@pytest.mark.parametrize(("field", "descending"), SORT_CASES)
def test_walking_every_page_of_the_seed_yields_every_contact_once(
    client_api: httpx.Client, field: str, descending: bool
) -> None:
    total = client_page(client_api, per_page=1)["pagination"]["total"]
    assert total > 100
    sort = f"-{field}" if descending else field
    items = client_walk(client_api, 13, sort=sort)
    ids = [item["_id"] for item in items]
    assert len(ids) == len(set(ids)) == total
    assert ids == _expected(items, [(field, descending), ("_id", descending)])


# Search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "terms"),
    [
        pytest.param("name", "Zed QuoKKa Smith", ["quokka", "QUOKKA", "Quokka", "d q"], id="name"),
        pytest.param("local_name", "جون سميث", ["سميث", "جون س", "جون سميث"], id="local_name"),
    ],
)
def test_search_matches_name_and_local_name_case_insensitively(
    make: Make, client_api: httpx.Client, field: str, value: str, terms: list[str]
) -> None:
    target, _ = make([{"name": "Target", field: value}, {"name": "Decoy", "local_name": "ديكوي"}])
    for term in terms:
        assert client_ids(client_api, search=term) == [target["_id"]], term


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("email", "quokka@example.com", id="email"),
        pytest.param("title", "Quokka keeper", id="title"),
        pytest.param("extra_info", "Met at the quokka fair", id="extra_info"),
        pytest.param("phone1", "+212600777000", id="phone1"),
        pytest.param("company_namespace", ["quokka"], id="company_namespace"),
    ],
)
def test_search_ignores_other_fields(
    make: Make, client_api: httpx.Client, field: str, value: Any
) -> None:
    make([{"name": "Target", field: value}])
    term = "777" if field == "phone1" else "quokka"
    assert client_page(client_api, search=term)["pagination"]["total"] == 0


def test_search_is_a_literal_substring(make: Make, client_api: httpx.Client) -> None:
    make([{"name": "50% off"}, {"name": "500 off"}, {"name": "a.b"}, {"name": "axb"}])
    assert [c["name"] for c in client_page(client_api, search="%")["data"]] == ["50% off"]
    assert [c["name"] for c in client_page(client_api, search=".")["data"]] == ["a.b"]


def test_search_and_name_filter_follow_a_rename(make: Make, client_api: httpx.Client) -> None:
    [contact] = make([{"name": "Old Quokka", "local_name": "قديم"}])
    renamed = {"name": "New Wombat", "local_name": "جديد"}
    ok(client_api.patch(f"{CLIENT_CONTACTS}/{contact['_id']}", json=renamed))
    for params in ({"search": "quokka"}, {"search": "قديم"}, {"name": "Old Quokka"}):
        assert client_ids(client_api, **params) == [], params
    for params in ({"search": "wombat"}, {"search": "جديد"}, {"name": "New Wombat"}):
        assert client_ids(client_api, **params) == [contact["_id"]], params


def test_empty_search_matches_everything(make: Make, client_api: httpx.Client) -> None:
    make(_numbered(3))
    assert client_page(client_api, search="")["pagination"]["total"] == 3


# Filters -----------------------------------------------------------------------------------------


def test_id_filter_with_one_value(make: Make, client_api: httpx.Client) -> None:
    contacts = make(_numbered(3))
    assert client_ids(client_api, _id=contacts[1]["_id"]) == [contacts[1]["_id"]]


def test_id_filter_repeated(make: Make, client_api: httpx.Client) -> None:
    contacts = make(_numbered(4))
    wanted = [contacts[0]["_id"], contacts[2]["_id"]]
    assert client_ids(client_api, _id=wanted) == wanted[::-1]
    assert client_page(client_api, _id=wanted)["pagination"]["total"] == 2


def test_id_filter_takes_uppercase_ids(make: Make, client_api: httpx.Client) -> None:
    contacts = make(_numbered(2))
    assert client_ids(client_api, _id=contacts[0]["_id"].upper()) == [contacts[0]["_id"]]


def test_id_filter_of_unknown_ids_is_empty(make: Make, client_api: httpx.Client) -> None:
    make(_numbered(2))
    body = client_page(client_api, _id=[object_id(1), object_id(2)])
    assert (body["data"], body["pagination"]["total"], body["pagination"]["total_page"]) == (
        [],
        0,
        0,
    )


def test_name_filter_is_exact(make: Make, client_api: httpx.Client) -> None:
    contacts = make(
        [{"name": "Alpha"}, {"name": "alpha"}, {"name": "Alpha Beta"}, {"name": " Alpha"}]
    )
    assert client_ids(client_api, name="Alpha") == [contacts[0]["_id"]]
    assert client_ids(client_api, name="Alph") == []


def test_name_filter_with_several_values(make: Make, client_api: httpx.Client) -> None:
    contacts = make([{"name": "Alpha"}, {"name": "Bravo"}, {"name": "Charlie"}])
    ids = client_ids(client_api, name=["Charlie", "Alpha", "Nobody"])
    assert ids == [contacts[2]["_id"], contacts[0]["_id"]]


def test_name_filter_value_may_hold_a_comma(make: Make, client_api: httpx.Client) -> None:
    # Repeated (form, explode): each repetition is one whole value, commas included.
    contacts = make([{"name": "Smith, John"}, {"name": "Smith"}, {"name": "John"}])
    assert client_ids(client_api, name="Smith, John") == [contacts[0]["_id"]]
    assert client_ids(client_api, name=["Smith, John", "John"]) == [
        contacts[2]["_id"],
        contacts[0]["_id"],
    ]


def test_name_filter_takes_arabic_and_spaces(make: Make, client_api: httpx.Client) -> None:
    contacts = make([{"name": "جون سميث"}, {"name": "John Smith"}])
    assert client_ids(client_api, name="جون سميث") == [contacts[0]["_id"]]
    assert client_ids(client_api, name="John Smith") == [contacts[1]["_id"]]


@pytest.mark.parametrize(
    ("parameter", "offset", "passes"),
    [
        pytest.param("from_updatedAt", 0, lambda ms, bound: ms >= bound, id="from-inclusive"),
        pytest.param("from_updatedAt", 1, lambda ms, bound: ms >= bound, id="from-plus-1ms"),
        pytest.param("from_updatedAt", -1, lambda ms, bound: ms >= bound, id="from-minus-1ms"),
        pytest.param("to_updatedAt", 0, lambda ms, bound: ms <= bound, id="to-inclusive"),
        pytest.param("to_updatedAt", -1, lambda ms, bound: ms <= bound, id="to-minus-1ms"),
        pytest.param("to_updatedAt", 1, lambda ms, bound: ms <= bound, id="to-plus-1ms"),
    ],
)
def test_updated_at_range_in_milliseconds(
    make: Make,
    client_api: httpx.Client,
    parameter: str,
    offset: int,
    passes: Callable[[int, int], bool],
) -> None:
    contacts = make(_numbered(5))
    bound = _millis(contacts[2]["updatedAt"]) + offset
    expected = [c["_id"] for c in reversed(contacts) if passes(_millis(c["updatedAt"]), bound)]
    assert client_ids(client_api, **{parameter: bound}) == expected
    # The bound itself is in the range (inclusive), one millisecond past it is not.
    assert (contacts[2]["_id"] in expected) == (
        offset <= 0 if parameter == "from_updatedAt" else offset >= 0
    )


def test_updated_at_range_follows_updates(make: Make, client_api: httpx.Client) -> None:
    old, touched = make(_numbered(2))
    since = _millis(touched["updatedAt"]) + 1
    assert client_ids(client_api, from_updatedAt=since) == []
    ok(client_api.patch(f"{CLIENT_CONTACTS}/{old['_id']}", json={"title": "CTO"}))
    assert client_ids(client_api, from_updatedAt=since) == [old["_id"]]


def test_updated_at_range_of_one_millisecond(make: Make, client_api: httpx.Client) -> None:
    contacts = make(_numbered(3))
    moment = _millis(contacts[1]["updatedAt"])
    ids = client_ids(client_api, from_updatedAt=moment, to_updatedAt=moment)
    assert ids == [contacts[1]["_id"]]


@pytest.mark.parametrize(
    ("params", "index"),
    [
        pytest.param(lambda ids: {"from__id": ids[2]}, [3, 4], id="from-strict"),
        pytest.param(lambda ids: {"to__id": ids[2]}, [0, 1], id="to-strict"),
        pytest.param(lambda ids: {"from__id": ids[0], "to__id": ids[4]}, [1, 2, 3], id="between"),
        pytest.param(lambda ids: {"from__id": ids[1].upper()}, [2, 3, 4], id="uppercase-bound"),
        pytest.param(lambda ids: {"from__id": ids[2], "to__id": ids[2]}, [], id="same-bound"),
    ],
)
def test_id_range_is_strict(
    make: Make,
    client_api: httpx.Client,
    params: Callable[[list[str]], dict[str, str]],
    index: list[int],
) -> None:
    ids = sorted(c["_id"] for c in make(_numbered(5)))
    found = client_ids(client_api, sort="_id", **params(ids))
    assert found == [ids[i] for i in index]


def test_id_range_selects_by_creation_second(make: Make, client_api: httpx.Client) -> None:
    contacts = make(_numbered(2))
    # An ObjectId of the second before the first creation sorts before every id created since.
    second = int(contacts[0]["_id"][:8], 16)
    before = f"{second - 1:08x}" + "f" * 16
    assert client_page(client_api, from__id=before)["pagination"]["total"] == 2
    assert client_page(client_api, to__id=before)["pagination"]["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"from_updatedAt": 2_000_000_000_000, "to_updatedAt": 1_000}, id="updatedAt"),
        pytest.param({"from__id": "f" * 24, "to__id": "0" * 24}, id="_id"),
    ],
)
def test_range_with_from_after_to_is_empty_not_an_error(
    make: Make, client_api: httpx.Client, params: dict[str, Any]
) -> None:
    make(_numbered(3))
    body = client_page(client_api, **params)
    assert body["data"] == []
    assert body["pagination"] == {
        "page": 1,
        "per_page": 25,
        "pre_page": 0,
        "next_page": 0,
        "total": 0,
        "total_page": 0,
    }


def test_filters_combine_with_search_sort_and_paging(make: Make, client_api: httpx.Client) -> None:
    contacts = make(
        [
            {"name": "Quokka Five", "title": "e"},
            {"name": "Other One", "local_name": "quokka"},
            {"name": "Quokka Three", "title": "c"},
            {"name": "Quokka Two", "title": "b"},
            {"name": "Quokka One", "title": "a"},
            {"name": "Quokka Four", "title": "d"},
        ]
    )
    since = _millis(contacts[1]["updatedAt"])
    params = {
        "search": "QUOKKA",
        "name": ["Quokka One", "Quokka Two", "Quokka Three", "Quokka Five", "Other One"],
        "from_updatedAt": since,
        "to__id": "f" * 24,
        "sort": "title",
        "per_page": 1,
    }
    # Matching: Other One (local_name), Quokka Three, Two, One; by title: None last.
    first = client_page(client_api, page=1, **params)
    assert first["pagination"] == {
        "page": 1,
        "per_page": 1,
        "pre_page": 0,
        "next_page": 2,
        "total": 4,
        "total_page": 4,
    }
    names = [client_page(client_api, page=page, **params)["data"][0]["name"] for page in (1, 2, 4)]
    assert names == ["Quokka One", "Quokka Two", "Other One"]
    last = client_page(client_api, page=4, **params)["pagination"]
    assert (last["pre_page"], last["next_page"]) == (3, 0)
