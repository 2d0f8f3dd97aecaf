"""The generic list layer: paging arithmetic, search, within, where and both ways of sorting."""

import random
from typing import Any

import pytest

from mockserver import search
from mockserver.query import ListQuery, Page, run
from mockserver.store import Record, sort_key
from mockserver.store.memory import MemoryTable

ORG = "org-a"
OTHER_ORG = "org-b"
SORT_FIELDS = ("createdAt", "lastName", "score")


def table(*records: Record, sort_fields: tuple[str, ...] = SORT_FIELDS) -> MemoryTable:
    """Return a contacts table holding `records`."""
    contacts = MemoryTable(
        "contacts",
        sort_fields=sort_fields,
        search_profiles={"default": ("firstName", "lastName"), "last": ("lastName",)},
    )
    contacts.load(records)
    return contacts


def contact(record_id: str, org: str = ORG, **fields: Any) -> Record:
    """Return an active contact created at second `record_id[1:]` when that is a number."""
    second = int(record_id[1:]) if record_id[1:].isdigit() else 0
    record: Record = {
        "id": record_id,
        "organizationId": org,
        "firstName": "Amina",
        "lastName": "Alaoui",
        "score": None,
        "createdAt": f"2024-01-01T00:00:{second:02d}Z",
        "deletedAt": None,
    }
    return record | fields


def numbered(count: int) -> MemoryTable:
    """Return a table of contacts c00 .. c{count-1}, created in that order."""
    return table(*(contact(f"c{n:02d}") for n in range(count)))


def ids(page: Page) -> list[str]:
    """Return the ids of the page's items."""
    return [record["id"] for record in page.items]


# Page arithmetic


@pytest.mark.parametrize(
    ("total", "page", "limit", "pages", "has_next", "has_previous"),
    [
        pytest.param(0, 1, 20, 0, False, False, id="empty"),
        pytest.param(40, 1, 20, 2, True, False, id="exact-multiple-first"),
        pytest.param(40, 2, 20, 2, False, True, id="exact-multiple-last"),
        pytest.param(41, 2, 20, 3, True, True, id="remainder-middle"),
        pytest.param(41, 3, 20, 3, False, True, id="remainder-last"),
        pytest.param(5, 9, 20, 1, False, True, id="past-the-end"),
        pytest.param(1, 1, 1, 1, False, False, id="single"),
    ],
)
def test_page_arithmetic(
    total: int, page: int, limit: int, pages: int, has_next: bool, has_previous: bool
) -> None:
    result = Page(items=[], total=total, page=page, limit=limit)
    assert (result.total_pages, result.has_next, result.has_previous) == (
        pages,
        has_next,
        has_previous,
    )


@pytest.mark.parametrize(
    ("page", "limit"),
    [pytest.param(0, 20, id="page-0"), pytest.param(1, 0, id="limit-0")],
)
def test_list_query_rejects_non_positive_paging(page: int, limit: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        ListQuery(page=page, limit=limit)


def test_list_query_offset() -> None:
    assert ListQuery(page=3, limit=20).offset == 40


# Paging through the index


def test_default_order_is_newest_first() -> None:
    assert ids(run(numbered(3), ORG, ListQuery())) == ["c02", "c01", "c00"]


@pytest.mark.parametrize(
    ("page", "descending", "expected"),
    [
        pytest.param(1, False, ["c00", "c01", "c02", "c03"], id="first-ascending"),
        pytest.param(3, False, ["c08", "c09"], id="last-ascending"),
        pytest.param(2, True, ["c05", "c04", "c03", "c02"], id="middle-descending"),
        pytest.param(4, True, [], id="past-the-end"),
    ],
)
def test_pages_of_the_unfiltered_index(page: int, descending: bool, expected: list[str]) -> None:
    query = ListQuery(page=page, limit=4, sort_by="createdAt", descending=descending)
    result = run(numbered(10), ORG, query)
    assert (ids(result), result.total) == (expected, 10)


def test_run_lists_only_the_tenants_active_records() -> None:
    contacts = table(contact("c01"), contact("c02", deletedAt="2024-06-01T00:00:00Z"))
    contacts.insert(contact("c03", org=OTHER_ORG))
    result = run(contacts, ORG, ListQuery())
    assert (ids(result), result.total) == (["c01"], 1)


def test_run_of_an_empty_tenant() -> None:
    result = run(numbered(3), OTHER_ORG, ListQuery(search="amina"))
    assert (result.items, result.total, result.total_pages) == ([], 0, 0)


# Search


def searchable() -> MemoryTable:
    """Return contacts of which c01, c03 and c05 are named Bennani."""
    return table(
        *(contact(f"c{n:02d}", lastName="BENNANI" if n % 2 else "Alaoui") for n in range(6))
    )


@pytest.mark.parametrize(
    ("query", "expected", "total"),
    [
        pytest.param(ListQuery(search="benn"), ["c05", "c03", "c01"], 3, id="substring"),
        pytest.param(ListQuery(search="Benn", limit=2, page=2), ["c01"], 3, id="second-page"),
        pytest.param(ListQuery(search="benn", page=3, limit=2), [], 3, id="past-the-end"),
        pytest.param(ListQuery(search="zzz"), [], 0, id="no-match"),
        pytest.param(
            ListQuery(search=""), ["c05", "c04", "c03", "c02", "c01", "c00"], 6, id="empty"
        ),
        pytest.param(ListQuery(search="amina", search_profile="last"), [], 0, id="profile"),
    ],
)
def test_search(query: ListQuery, expected: list[str], total: int) -> None:
    result = run(searchable(), ORG, query)
    assert (ids(result), result.total) == (expected, total)


# within and where


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        pytest.param({"c01", "c04"}, ["c04", "c01"], id="set"),
        pytest.param(["c04", "c01"], ["c04", "c01"], id="list"),
        pytest.param({"c01", "c02", "unknown"}, ["c02", "c01"], id="unknown-id"),
        pytest.param(set(), [], id="empty"),
    ],
)
def test_within_restricts_to_the_given_ids(within: Any, expected: list[str]) -> None:
    result = run(numbered(6), ORG, ListQuery(), within=within)
    assert (ids(result), result.total) == (expected, len(expected))


def test_within_ignores_other_tenants_and_soft_deleted_records() -> None:
    contacts = numbered(3)
    contacts.insert(contact("b01", org=OTHER_ORG))
    contacts.soft_delete(ORG, "c01", {"deletedAt": "2024-06-01T00:00:00Z"})
    result = run(contacts, ORG, ListQuery(), within={"b01", "c01", "c02"})
    assert (ids(result), result.total) == (["c02"], 1)


def test_within_and_search_combine() -> None:
    result = run(searchable(), ORG, ListQuery(search="bennani"), within={"c00", "c01", "c05"})
    assert (ids(result), result.total) == (["c05", "c01"], 2)


@pytest.mark.parametrize(
    ("query", "expected", "total"),
    [
        pytest.param(ListQuery(limit=2), ["c04", "c02"], 3, id="first-page"),
        pytest.param(ListQuery(limit=2, page=2), ["c00"], 3, id="last-page"),
        pytest.param(ListQuery(limit=2, page=5), [], 3, id="past-the-end"),
        pytest.param(ListQuery(search="bennani"), [], 0, id="with-search"),
    ],
)
def test_where_filters_records(query: ListQuery, expected: list[str], total: int) -> None:
    result = run(searchable(), ORG, query, where=lambda record: record["lastName"] == "Alaoui")
    assert (ids(result), result.total) == (expected, total)


def test_where_within_and_search_combine() -> None:
    result = run(
        searchable(),
        ORG,
        ListQuery(search="bennani", sort_by="createdAt", descending=False),
        within={"c01", "c03", "c04"},
        where=lambda record: record["id"] != "c03",
    )
    assert (ids(result), result.total) == (["c01"], 1)


# Sorting: the index walk and the Python sort agree


def shuffled_contacts() -> list[Record]:
    """Return 60 contacts with mixed-case names, ties, None values and shuffled creation."""
    rng = random.Random(7)
    names = ["alaoui", "Alaoui", "BENNANI", "bennani", "Chraibi", None]
    records = []
    for n in range(60):
        records.append(
            contact(
                f"c{n:02d}",
                lastName=rng.choice(names),
                score=rng.choice([None, 1, 2, 3, 2.5]),
                createdAt=f"2024-01-{rng.randint(1, 9):02d}T00:00:00Z",
            )
        )
    rng.shuffle(records)
    return records


@pytest.mark.parametrize(
    "descending", [pytest.param(False, id="asc"), pytest.param(True, id="desc")]
)
@pytest.mark.parametrize("field", ["lastName", "score", "createdAt"])
@pytest.mark.parametrize(
    "within",
    [
        pytest.param(None, id="all"),
        pytest.param({f"c{n:02d}" for n in range(0, 60, 7)}, id="within-few"),
    ],
)
def test_index_walk_and_python_sort_agree(
    field: str, descending: bool, within: set[str] | None
) -> None:
    query = ListQuery(limit=100, sort_by=field, descending=descending)
    indexed = run(table(*shuffled_contacts()), ORG, query, within=within)
    unindexed = run(table(*shuffled_contacts(), sort_fields=()), ORG, query, within=within)
    assert ids(indexed) == ids(unindexed)
    assert indexed.total == unindexed.total


@pytest.mark.parametrize(
    ("descending", "expected"),
    [
        pytest.param(False, ["a", "b", "c", "none"], id="ascending-none-last"),
        pytest.param(True, ["none", "c", "b", "a"], id="descending-none-first"),
    ],
)
@pytest.mark.parametrize(
    "sort_fields", [pytest.param(SORT_FIELDS, id="indexed"), pytest.param((), id="python")]
)
def test_sort_is_case_insensitive_none_and_ties_by_id(
    sort_fields: tuple[str, ...], descending: bool, expected: list[str]
) -> None:
    contacts = table(
        contact("c", lastName="same"),
        contact("none", lastName=None),
        contact("a", lastName="SAME"),
        contact("b", lastName="Same"),
        sort_fields=sort_fields,
    )
    query = ListQuery(sort_by="lastName", descending=descending)
    assert ids(run(contacts, ORG, query)) == expected


def test_search_with_few_matches_among_many_keeps_the_index_order() -> None:
    records = [
        contact(f"c{n:03d}", score=n % 7, lastName="Rare" if n % 50 == 0 else "X")
        for n in range(500)
    ]
    result = run(table(*records), ORG, ListQuery(search="rare", sort_by="score", descending=True))
    assert [(r["score"], r["id"]) for r in result.items] == sorted(
        [(r["score"], r["id"]) for r in records if r["lastName"] == "Rare"], reverse=True
    )
    assert result.total == 10


# Multi-key order


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param(
            [("lastName", False), ("score", True)], ["anone", "a2", "a1", "b3", "b1"], id="asc-desc"
        ),
        pytest.param(
            [("lastName", True), ("score", False)], ["b1", "b3", "a1", "a2", "anone"], id="desc-asc"
        ),
        pytest.param(
            [("score", True), ("lastName", False)],
            ["anone", "b3", "a2", "a1", "b1"],
            id="none-first-then-name",
        ),
    ],
)
def test_order_sorts_by_several_keys(order: list[tuple[str, bool]], expected: list[str]) -> None:
    contacts = table(
        contact("a1", lastName="alaoui", score=1),
        contact("b1", lastName="Bennani", score=1),
        contact("a2", lastName="ALAOUI", score=2),
        contact("b3", lastName="bennani", score=3),
        contact("anone", lastName="Alaoui", score=None),
    )
    assert ids(run(contacts, ORG, ListQuery(), order=order)) == expected


@pytest.mark.parametrize(
    ("descending", "expected"),
    [
        pytest.param(False, ["a", "b", "c"], id="ascending"),
        pytest.param(True, ["c", "b", "a"], id="descending"),
    ],
)
def test_order_breaks_remaining_ties_by_id_in_the_last_keys_direction(
    descending: bool, expected: list[str]
) -> None:
    contacts = table(*(contact(record_id, lastName="Same", score=1) for record_id in "bca"))
    order = [("lastName", False), ("score", descending)]
    assert ids(run(contacts, ORG, ListQuery(), order=order)) == expected


def test_order_pages_with_search_within_and_where() -> None:
    result = run(
        searchable(),
        ORG,
        ListQuery(search="bennani", limit=1, page=2),
        within={"c01", "c03", "c05", "c04"},
        where=lambda record: record["id"] != "c05",
        order=[("lastName", False), ("createdAt", False)],
    )
    assert (ids(result), result.total) == (["c03"], 2)


def test_sort_by_an_unindexed_field_falls_back_to_sorting() -> None:
    contacts = table(contact("c1", firstName="Omar"), contact("c2", firstName="amina"))
    result = run(contacts, ORG, ListQuery(sort_by="firstName", descending=False))
    assert ids(result) == ["c2", "c1"]


# Search over many blocks of the search index, lazily counted, against a plain computation


def expected_page(
    contacts: MemoryTable, query: ListQuery, within: set[str] | None, keep: Any, order: Any
) -> tuple[list[str], int]:
    """Return the page's ids and the total, computed plainly from the active records."""
    needle = (query.search or "").casefold()
    fields = contacts.search_profiles[query.search_profile]
    matching = [
        record
        for record in contacts.active(ORG).values()
        if any(needle in str(record[f]).casefold() for f in fields if record[f] is not None)
        and (within is None or record["id"] in within)
        and (keep is None or keep(record))
    ]
    keys = order or [(query.sort_by, query.descending)]
    for position, (field, descending) in reversed(list(enumerate(keys))):
        with_id = position == len(keys) - 1
        matching.sort(
            key=lambda r, f=field, i=with_id: sort_key(r.get(f), r["id"] if i else ""),
            reverse=descending,
        )
    page = matching[query.offset : query.offset + query.limit]
    return [record["id"] for record in page], len(matching)


@pytest.mark.parametrize("term", ["a", "la", "LAOUI", "ben", "c1", "zz", "Straße", "SS"])
@pytest.mark.parametrize(
    ("page", "within", "keep", "order"),
    [
        pytest.param(1, None, None, None, id="plain"),
        pytest.param(3, None, None, None, id="page-3"),
        pytest.param(1, {f"c{n:02d}" for n in range(0, 90, 3)}, None, None, id="within"),
        pytest.param(2, None, lambda r: r["score"] % 2 == 0, None, id="where"),
        pytest.param(1, None, None, [("lastName", False), ("score", True)], id="order"),
    ],
)
def test_search_over_many_blocks_pages_as_a_plain_computation(
    monkeypatch: pytest.MonkeyPatch, term: str, page: int, within: Any, keep: Any, order: Any
) -> None:
    monkeypatch.setattr(search, "_BLOCK_RECORDS", 4)
    monkeypatch.setattr(search, "_LIVE_IDS", 5)
    last_names = ("Alaoui", "Bennani", "Straße", "STRASSE", "Tazi")
    contacts = table(
        *(contact(f"c{n:02d}", lastName=last_names[n % 5], score=n % 7) for n in range(90))
    )
    contacts.remove(ORG, "c10")
    contacts.update(ORG, "c11", {"lastName": "Laoui"})
    query = ListQuery(search=term, page=page, limit=7, sort_by="lastName", descending=False)
    for _ in range(2):  # the second time from the live result of the first
        result = run(contacts, ORG, query, within=within, where=keep, order=order)
        assert (ids(result), result.total) == expected_page(contacts, query, within, keep, order)
