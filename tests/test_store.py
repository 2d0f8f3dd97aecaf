"""The storage layer: tenant isolation, soft delete, unique values, sorted and search indexes."""

import random
from collections.abc import Callable
from typing import Any

import pytest

from mockserver import search
from mockserver.errors import Conflict, NotFound
from mockserver.store import Record, sort_key
from mockserver.store.memory import MemoryTable

ORG = "org-a"
OTHER_ORG = "org-b"
DELETED_AT = "2024-06-01T00:00:00Z"


def contacts() -> MemoryTable:
    """Return an empty table configured like a contacts resource."""
    return MemoryTable(
        "contacts",
        sort_fields=("createdAt", "lastName", "score"),
        search_profiles={
            "default": ("firstName", "lastName", "primaryPhone"),
            "phone": ("primaryPhone",),
        },
        unique_fields=("primaryPhone",),
    )


def contact(record_id: str, org: str = ORG, **fields: Any) -> Record:
    """Return an active contact; `fields` override the defaults."""
    record: Record = {
        "id": record_id,
        "organizationId": org,
        "firstName": "Amina",
        "lastName": "Alaoui",
        "primaryPhone": None,
        "score": None,
        "createdAt": "2024-01-01T00:00:00Z",
        "deletedAt": None,
    }
    return record | fields


def table_with(*records: Record) -> MemoryTable:
    """Return a contacts table holding `records`, inserted one by one."""
    table = contacts()
    for record in records:
        table.insert(record)
    return table


def ids(table: MemoryTable, field: str, descending: bool, org: str = ORG) -> list[str]:
    """Return the ids of `org` in the sorted index of `field`."""
    return list(table.ordered(org, field, descending))


# Tenant isolation


def test_get_returns_the_stored_record_itself() -> None:
    record = contact("c1")
    assert table_with(record).get(ORG, "c1") is record


def test_get_does_not_see_another_tenants_record() -> None:
    assert table_with(contact("c1", org=OTHER_ORG)).get(ORG, "c1") is None


def test_reads_of_an_unknown_tenant_find_nothing() -> None:
    table = table_with(contact("c1", primaryPhone="+1"))
    assert table.get("nobody", "c1") is None
    assert table.find("nobody", "primaryPhone", "+1") is None
    assert table.count("nobody") == 0
    assert dict(table.active("nobody")) == {}
    assert list(table.ordered("nobody", "lastName", True)) == []
    assert table.search("nobody", "default", "") == set()


def test_count_active_ordered_and_search_are_per_tenant() -> None:
    table = table_with(contact("a1"), contact("a2"), contact("b1", org=OTHER_ORG))
    assert table.count(ORG) == 2
    assert set(table.active(ORG)) == {"a1", "a2"}
    assert ids(table, "lastName", False, org=OTHER_ORG) == ["b1"]
    assert table.search(OTHER_ORG, "default", "amina") == {"b1"}


def test_unique_values_are_per_tenant() -> None:
    table = table_with(
        contact("a1", primaryPhone="+1"), contact("b1", OTHER_ORG, primaryPhone="+1")
    )
    assert table.find(ORG, "primaryPhone", "+1") == contact("a1", primaryPhone="+1")
    assert table.find(OTHER_ORG, "primaryPhone", "+1") == contact(
        "b1", OTHER_ORG, primaryPhone="+1"
    )


def test_active_is_a_read_only_view() -> None:
    view = table_with(contact("c1")).active(ORG)
    with pytest.raises(TypeError):
        view["c2"] = contact("c2")  # type: ignore[index]


# Insert and unique values


@pytest.mark.parametrize(
    "existing",
    [
        pytest.param(contact("c1"), id="active"),
        pytest.param(contact("c1", deletedAt=DELETED_AT), id="soft-deleted"),
        pytest.param(contact("c1", org=OTHER_ORG), id="another-tenant"),
    ],
)
def test_insert_rejects_a_taken_id(existing: Record) -> None:
    table = table_with(existing)
    with pytest.raises(Conflict, match="contact 'c1' already exists"):
        table.insert(contact("c1", lastName="Other"))
    assert table.all_records() == [existing]


def test_insert_rejects_a_unique_clash_and_stores_nothing() -> None:
    table = table_with(contact("c1", primaryPhone="+212612345678"))
    with pytest.raises(
        Conflict, match=r"primaryPhone '\+212612345678' is already used by another contact"
    ):
        table.insert(contact("c2", primaryPhone="+212612345678"))
    assert table.get(ORG, "c2") is None
    assert table.count(ORG) == 1
    assert ids(table, "createdAt", False) == ["c1"]
    assert table.search(ORG, "default", "amina") == {"c1"}


def test_none_values_are_not_unique() -> None:
    table = table_with(contact("c1"), contact("c2"))
    assert table.count(ORG) == 2
    assert table.find(ORG, "primaryPhone", None) is None


@pytest.mark.parametrize(
    ("name", "singular", "expected"),
    [
        pytest.param("contacts", None, "another contact", id="derived"),
        pytest.param("people", "person", "another person", id="given"),
    ],
)
def test_conflict_message_names_the_resource(
    name: str, singular: str | None, expected: str
) -> None:
    table = MemoryTable(name, unique_fields=("primaryPhone",), singular=singular)
    table.insert(contact("c1", primaryPhone="+1"))
    with pytest.raises(Conflict, match=expected):
        table.insert(contact("c2", primaryPhone="+1"))


def test_check_unique_ignores_the_excluded_record() -> None:
    table = table_with(contact("c1", primaryPhone="+1"))
    table.check_unique(ORG, {"primaryPhone": "+1"}, exclude_id="c1")
    with pytest.raises(Conflict):
        table.check_unique(ORG, {"primaryPhone": "+1"}, exclude_id="c2")


def test_an_inserted_soft_deleted_record_is_in_no_index() -> None:
    table = table_with(contact("c1", primaryPhone="+1", deletedAt=DELETED_AT))
    table.insert(contact("c2", primaryPhone="+1"))
    assert table.get(ORG, "c1") is None
    assert table.find(ORG, "primaryPhone", "+1") == contact("c2", primaryPhone="+1")


# Update


def test_update_applies_the_changes_in_place() -> None:
    record = contact("c1")
    table = table_with(record)
    assert table.update(ORG, "c1", {"firstName": "Youssef"}) is record
    assert record["firstName"] == "Youssef"


def test_update_moves_the_record_in_the_sorted_index() -> None:
    table = table_with(contact("c1", lastName="Alaoui"), contact("c2", lastName="Bennani"))
    table.update(ORG, "c1", {"lastName": "Chraibi"})
    assert ids(table, "lastName", False) == ["c2", "c1"]


def test_update_reindexes_the_search_text() -> None:
    table = table_with(contact("c1", firstName="Amina"))
    table.update(ORG, "c1", {"firstName": "Youssef"})
    assert table.search(ORG, "default", "amina") == set()
    assert table.search(ORG, "default", "youssef") == {"c1"}


def test_update_moves_the_unique_value() -> None:
    table = table_with(contact("c1", primaryPhone="+1"))
    table.update(ORG, "c1", {"primaryPhone": "+2"})
    assert table.find(ORG, "primaryPhone", "+1") is None
    assert table.find(ORG, "primaryPhone", "+2") is table.get(ORG, "c1")
    table.insert(contact("c2", primaryPhone="+1"))


def test_update_may_keep_the_records_own_unique_value() -> None:
    table = table_with(contact("c1", primaryPhone="+1"))
    table.update(ORG, "c1", {"primaryPhone": "+1", "firstName": "Youssef"})
    assert table.find(ORG, "primaryPhone", "+1") is table.get(ORG, "c1")


def test_update_rejects_a_unique_clash_and_changes_nothing() -> None:
    table = table_with(
        contact("c1", primaryPhone="+1", lastName="Alaoui"),
        contact("c2", primaryPhone="+2", lastName="Bennani"),
    )
    with pytest.raises(Conflict):
        table.update(ORG, "c2", {"primaryPhone": "+1", "lastName": "Aaa"})
    assert table.get(ORG, "c2") == contact("c2", primaryPhone="+2", lastName="Bennani")
    assert table.find(ORG, "primaryPhone", "+2") is table.get(ORG, "c2")
    assert ids(table, "lastName", False) == ["c1", "c2"]


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(None, id="unknown"),
        pytest.param(contact("c1", org=OTHER_ORG), id="another-tenant"),
        pytest.param(contact("c1", deletedAt=DELETED_AT), id="soft-deleted"),
    ],
)
def test_update_of_no_active_record_raises_not_found(record: Record | None) -> None:
    table = table_with(*([record] if record else []))
    with pytest.raises(NotFound, match="contact 'c1' not found"):
        table.update(ORG, "c1", {"firstName": "Youssef"})


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"id": "c2"}, id="id"),
        pytest.param({"organizationId": OTHER_ORG}, id="tenant"),
    ],
)
def test_update_cannot_rekey_a_record(changes: dict[str, str]) -> None:
    table = table_with(contact("c1"))
    with pytest.raises(ValueError, match="cannot change"):
        table.update(ORG, "c1", changes)
    assert table.get(ORG, "c1") == contact("c1")


def test_update_accepts_the_unchanged_id_and_tenant() -> None:
    table = table_with(contact("c1"))
    table.update(ORG, "c1", {"id": "c1", "organizationId": ORG, "firstName": "Youssef"})
    assert table.get(ORG, "c1") == contact("c1", firstName="Youssef")


# Soft delete


def soft_deleted() -> MemoryTable:
    """Return a table whose contact c1 was soft-deleted and c2 is active."""
    table = table_with(contact("c1", primaryPhone="+1"), contact("c2", firstName="Youssef"))
    table.soft_delete(ORG, "c1", {"deletedAt": DELETED_AT})
    return table


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        pytest.param(lambda t: t.get(ORG, "c1"), None, id="get"),
        pytest.param(lambda t: t.find(ORG, "primaryPhone", "+1"), None, id="find"),
        pytest.param(lambda t: t.count(ORG), 1, id="count"),
        pytest.param(lambda t: list(t.active(ORG)), ["c2"], id="active"),
        pytest.param(lambda t: ids(t, "createdAt", True), ["c2"], id="ordered"),
        pytest.param(lambda t: t.search(ORG, "default", "amina"), set(), id="search"),
    ],
)
def test_soft_delete_hides_the_record(read: Callable[[MemoryTable], Any], expected: Any) -> None:
    assert read(soft_deleted()) == expected


def test_soft_deleted_record_stays_in_all_records() -> None:
    assert [r["id"] for r in soft_deleted().all_records()] == ["c1", "c2"]
    assert soft_deleted().all_records()[0]["deletedAt"] == DELETED_AT


def test_soft_deleted_records_unique_value_can_be_reused() -> None:
    table = soft_deleted()
    table.insert(contact("c3", primaryPhone="+1"))
    assert table.find(ORG, "primaryPhone", "+1") is table.get(ORG, "c3")


def test_soft_delete_of_a_soft_deleted_record_raises_not_found() -> None:
    with pytest.raises(NotFound):
        soft_deleted().soft_delete(ORG, "c1", {"deletedAt": DELETED_AT})


@pytest.mark.parametrize(
    "changes",
    [pytest.param({}, id="no-changes"), pytest.param({"deletedAt": None}, id="none")],
)
def test_soft_delete_needs_changes_that_set_the_deleted_field(changes: dict[str, Any]) -> None:
    table = table_with(contact("c1"))
    with pytest.raises(ValueError, match="deleted field"):
        table.soft_delete(ORG, "c1", changes)
    assert table.count(ORG) == 1


def test_a_table_without_soft_delete_cannot_soft_delete() -> None:
    table = MemoryTable("contacts", deleted_field=None)
    table.insert(contact("c1", deletedAt=DELETED_AT))
    assert table.get(ORG, "c1") is not None
    with pytest.raises(ValueError):
        table.soft_delete(ORG, "c1", {"deletedAt": DELETED_AT})


# Ordering


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        pytest.param("alaoui", "Bennani", id="lower-before-upper"),
        pytest.param("Alaoui", "bennani", id="upper-before-lower"),
        pytest.param(2, 10, id="numbers"),
        pytest.param(1.5, 2, id="float-and-int"),
        pytest.param(False, True, id="booleans"),
        pytest.param("2024-01-02T00:00:00Z", "2024-01-10T00:00:00Z", id="timestamps"),
        pytest.param("zzz", None, id="none-after-strings"),
        pytest.param(10**9, None, id="none-after-numbers"),
        pytest.param(10**9, "a", id="numbers-before-strings"),
    ],
)
def test_sort_key_orders_values(smaller: Any, larger: Any) -> None:
    assert sort_key(smaller) < sort_key(larger)


def test_sort_key_ignores_case() -> None:
    assert sort_key("ALAOUI") == sort_key("alaoui")


def test_sort_key_with_an_id_breaks_ties_by_id() -> None:
    assert sort_key("same", "a") < sort_key("SAME", "b")
    assert sort_key(None, "a") < sort_key(None, "b")


@pytest.mark.parametrize(
    ("descending", "expected"),
    [
        pytest.param(False, ["c1", "c2", "c3", "c4"], id="ascending"),
        pytest.param(True, ["c4", "c3", "c2", "c1"], id="descending"),
    ],
)
def test_ordered_compares_strings_case_insensitively(descending: bool, expected: list[str]) -> None:
    table = table_with(
        contact("c3", lastName="chraibi"),
        contact("c1", lastName="alaoui"),
        contact("c4", lastName="Dahbi"),
        contact("c2", lastName="Bennani"),
    )
    assert ids(table, "lastName", descending) == expected


@pytest.mark.parametrize(
    ("descending", "expected"),
    [
        pytest.param(False, ["low", "high", "none"], id="ascending-none-last"),
        pytest.param(True, ["none", "high", "low"], id="descending-none-first"),
    ],
)
def test_ordered_puts_none_last_ascending_first_descending(
    descending: bool, expected: list[str]
) -> None:
    table = table_with(contact("none"), contact("high", score=10), contact("low", score=2))
    assert ids(table, "score", descending) == expected


@pytest.mark.parametrize(
    ("descending", "expected"),
    [
        pytest.param(False, ["a", "b", "c", "z"], id="ascending"),
        pytest.param(True, ["z", "c", "b", "a"], id="descending"),
    ],
)
def test_ordered_breaks_ties_by_id_in_the_same_direction(
    descending: bool, expected: list[str]
) -> None:
    table = table_with(
        contact("b", lastName="Same"),
        contact("z", lastName="Zzz"),
        contact("c", lastName="SAME"),
        contact("a", lastName="same"),
    )
    assert ids(table, "lastName", descending) == expected


@pytest.mark.parametrize(
    ("descending", "start", "expected"),
    [
        pytest.param(False, 1, ["c2", "c3"], id="ascending"),
        pytest.param(True, 1, ["c2", "c1"], id="descending"),
        pytest.param(False, 3, [], id="ascending-past-the-end"),
        pytest.param(True, 5, [], id="descending-past-the-end"),
    ],
)
def test_ordered_starts_at_a_position(descending: bool, start: int, expected: list[str]) -> None:
    table = table_with(*(contact(f"c{n}", score=n) for n in (3, 1, 2)))
    assert list(table.ordered(ORG, "score", descending, start=start)) == expected


def test_ordered_sorts_a_field_of_mixed_types() -> None:
    table = table_with(contact("s", score="x"), contact("n", score=1), contact("none"))
    assert ids(table, "score", False) == ["n", "s", "none"]


def test_ordered_of_an_unknown_field_raises_key_error() -> None:
    with pytest.raises(KeyError):
        contacts().ordered(ORG, "firstName", False)


# Search


@pytest.mark.parametrize(
    "term",
    [
        pytest.param("amina", id="lower-case"),
        pytest.param("AMINA", id="upper-case"),
        pytest.param("mIn", id="substring"),
        pytest.param("laou", id="another-field"),
        pytest.param("+2126123", id="phone-prefix"),
    ],
)
def test_search_matches_case_insensitive_substrings(term: str) -> None:
    table = table_with(
        contact("c1", primaryPhone="+212612345678"),
        contact("c2", firstName="Youssef", lastName="Bennani", primaryPhone="+33"),
    )
    assert table.search(ORG, "default", term) == {"c1"}


def test_search_compares_casefolded_text() -> None:
    table = table_with(contact("c1", lastName="Straße"))
    assert table.search(ORG, "default", "STRASSE") == {"c1"}


@pytest.mark.parametrize(
    "term",
    [
        pytest.param("aminaalaoui", id="across-fields"),
        pytest.param("none", id="none-is-no-text"),
        pytest.param("youssef", id="absent"),
    ],
)
def test_search_does_not_match(term: str) -> None:
    table = table_with(contact("c1", firstName="Amina", lastName="Alaoui", primaryPhone=None))
    assert table.search(ORG, "default", term) == set()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("%", {"percent"}, id="percent"),
        pytest.param("_", {"underscore"}, id="underscore"),
        pytest.param("a%b", {"percent"}, id="percent-inside"),
        pytest.param("a_b", {"underscore"}, id="underscore-inside"),
        pytest.param(".*", set(), id="regex"),
    ],
)
def test_search_matches_wildcard_characters_literally(term: str, expected: set[str]) -> None:
    table = table_with(
        contact("percent", firstName="a%b"),
        contact("underscore", firstName="a_b"),
        contact("plain", firstName="axb"),
    )
    assert table.search(ORG, "default", term) == expected


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("amina\x00alaoui", set(), id="not-across-fields"),
        pytest.param("X\x00Y", {"c2"}, id="within-a-field"),
    ],
)
def test_search_term_with_the_field_separator(term: str, expected: set[str]) -> None:
    table = table_with(contact("c1"), contact("c2", firstName="x\x00y"))
    assert table.search(ORG, "default", term) == expected


def test_search_uses_only_the_profiles_fields() -> None:
    table = table_with(contact("c1", primaryPhone="+212600"))
    assert table.search(ORG, "phone", "amina") == set()
    assert table.search(ORG, "phone", "2126") == {"c1"}


def test_search_with_an_empty_term_matches_every_active_record() -> None:
    assert soft_deleted().search(ORG, "default", "") == {"c2"}


def test_search_of_an_unknown_profile_raises_key_error() -> None:
    with pytest.raises(KeyError):
        contacts().search(ORG, "nope", "amina")


# Export, clear and bulk load


def test_all_records_keeps_insertion_order_across_tenants() -> None:
    table = table_with(contact("c2"), contact("b1", org=OTHER_ORG), contact("c1"))
    assert [r["id"] for r in table.all_records()] == ["c2", "b1", "c1"]


def test_clear_forgets_everything() -> None:
    table = soft_deleted()
    table.clear()
    assert table.all_records() == []
    assert table.count(ORG) == 0
    table.insert(contact("c1", primaryPhone="+1"))
    assert table.find(ORG, "primaryPhone", "+1") is table.get(ORG, "c1")


def test_load_indexes_100000_records() -> None:
    records = [
        contact(f"c{n:06d}", primaryPhone=f"+{n}", score=n % 1000, lastName=f"Name{n}")
        for n in range(100_000)
    ]
    table = contacts()
    table.load(records)
    assert table.count(ORG) == 100_000
    assert list(table.ordered(ORG, "score", True))[:2] == ["c099999", "c098999"]
    assert table.find(ORG, "primaryPhone", "+54321") is records[54321]
    assert table.search(ORG, "default", "name99999") == {"c099999"}


def test_load_merges_with_records_already_there() -> None:
    table = table_with(contact("c2", score=2))
    table.load([contact("c3", score=3), contact("c1", score=1)])
    assert ids(table, "score", False) == ["c1", "c2", "c3"]
    table.update(ORG, "c1", {"score": 4})
    assert ids(table, "score", False) == ["c2", "c3", "c1"]


def test_load_keeps_soft_deleted_records_out_of_the_indexes() -> None:
    table = contacts()
    table.load(
        [contact("c1", primaryPhone="+1", deletedAt=DELETED_AT), contact("c2", primaryPhone="+1")]
    )
    assert [r["id"] for r in table.all_records()] == ["c1", "c2"]
    assert ids(table, "createdAt", False) == ["c2"]
    assert table.find(ORG, "primaryPhone", "+1") is table.get(ORG, "c2")


@pytest.mark.parametrize(
    ("existing", "batch", "message"),
    [
        pytest.param(
            [], [contact("c1"), contact("c1")], "contact 'c1' already exists", id="id-twice"
        ),
        pytest.param(
            [contact("c1")], [contact("c2"), contact("c1")], "'c1' already", id="id-taken"
        ),
        pytest.param(
            [],
            [contact("c1", primaryPhone="+1"), contact("c2", primaryPhone="+1")],
            r"primaryPhone '\+1' is already used",
            id="unique-twice",
        ),
        pytest.param(
            [contact("c1", primaryPhone="+1")],
            [contact("c2"), contact("c3", primaryPhone="+1")],
            r"primaryPhone '\+1' is already used",
            id="unique-taken",
        ),
    ],
)
def test_load_rejects_conflicts_and_loads_nothing(
    existing: list[Record], batch: list[Record], message: str
) -> None:
    table = table_with(*existing)
    with pytest.raises(Conflict, match=message):
        table.load(batch)
    assert table.all_records() == existing
    assert ids(table, "createdAt", False) == [r["id"] for r in existing]


def test_load_accepts_a_unique_value_in_two_tenants() -> None:
    table = contacts()
    table.load([contact("a1", primaryPhone="+1"), contact("b1", OTHER_ORG, primaryPhone="+1")])
    assert table.find(OTHER_ORG, "primaryPhone", "+1") is table.get(OTHER_ORG, "b1")


# Another API's conventions


def test_every_field_name_is_configurable() -> None:
    table = MemoryTable(
        "client_contacts",
        id_field="_id",
        tenant_field="account_id",
        deleted_field=None,
        sort_fields=("last_name",),
        search_profiles={"default": ("first_name", "last_name")},
        unique_fields=("phone",),
    )
    table.load(
        [
            {
                "_id": "64b7f0c2a1b2c3d4e5f60718",
                "account_id": "acc",
                "first_name": "Amina",
                "last_name": "Bennani",
                "phone": "+1",
            },
            {
                "_id": "64b7f0c2a1b2c3d4e5f60717",
                "account_id": "acc",
                "first_name": "Omar",
                "last_name": "alaoui",
                "phone": "+2",
            },
        ]
    )
    assert list(table.ordered("acc", "last_name", False)) == [
        "64b7f0c2a1b2c3d4e5f60717",
        "64b7f0c2a1b2c3d4e5f60718",
    ]
    assert table.search("acc", "default", "AMI") == {"64b7f0c2a1b2c3d4e5f60718"}
    with pytest.raises(Conflict, match="another client_contact"):
        table.insert({"_id": "x", "account_id": "acc", "phone": "+1"})


# The search index: blocks of joined texts and live results, against a plain scan

ALPHABET = "abß+12 \x00\n"


def reference(table: MemoryTable, org: str, profile: str, term: str) -> set[str]:
    """Return what a search must find: a casefolded substring test of each field, one by one."""
    needle = term.casefold()
    fields = table.search_profiles[profile]
    return {
        record_id
        for record_id, record in table.active(org).items()
        if any(
            needle in str(record[field]).casefold() for field in fields if record[field] is not None
        )
    }


def assert_search_agrees(table: MemoryTable, terms: list[str], org: str = ORG) -> None:
    """Check search, and every face of matches, against `reference` for `terms`."""
    for profile in table.search_profiles:
        for term in terms:
            expected = reference(table, org, profile, term)
            found = table.search(org, profile, term)
            # In the order a list request asks: membership (the lazy test), the count (a live
            # result's, kept by the writes since), then the ids, which refresh the live result.
            assert {r for r in table.active(org) if r in found} == expected, (profile, term)
            assert "no-such-id" not in found
            assert len(found) == len(expected), (profile, term)
            assert set(found) == expected, (profile, term)
            assert table.search(org, profile, term) == expected, (profile, term)
            assert set(table.search(org, profile, term)) == expected, (profile, term)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split search texts into blocks of 2 to 8 records; live results keep 3 ids at most."""
    monkeypatch.setattr(search, "_BLOCK_RECORDS", 4)
    monkeypatch.setattr(search, "_LIVE_TERMS", 64)
    monkeypatch.setattr(search, "_LIVE_IDS", 3)
    monkeypatch.setattr(search, "_LIVE_BATCH", 5)


def numbered_contacts(count: int, org: str = ORG, prefix: str = "n") -> list[Record]:
    """Return contacts n000 .. (`prefix` then a number) whose names cycle through a few values."""
    firsts, lasts = ("Amina", "Omar", "Salma", "Karim"), ("Alaoui", "Bennani", "Straße", "Tazi")
    return [
        contact(f"{prefix}{n:03d}", org, firstName=firsts[n % 4], lastName=lasts[n % 3], score=n)
        for n in range(count)
    ]


TERMS = ["a", "am", "AMINA", "na", "ss", "STRASSE", "straße", "ß", "tazi", "n00", "zz", "a\x00b"]


def test_search_over_many_blocks_agrees_with_a_scan(small_blocks: None) -> None:
    table = contacts()
    table.load(numbered_contacts(60))
    assert len(table._search[ORG]._blocks) > 4
    assert_search_agrees(table, TERMS)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda t: t.insert(contact("new", firstName="Amina")), id="insert"),
        pytest.param(lambda t: t.update(ORG, "n001", {"firstName": "Tazi"}), id="update"),
        pytest.param(lambda t: t.update(ORG, "n004", {"lastName": None}), id="update-to-none"),
        pytest.param(
            lambda t: t.soft_delete(ORG, "n002", {"deletedAt": DELETED_AT}), id="soft-delete"
        ),
        pytest.param(lambda t: t.remove(ORG, "n003"), id="remove"),
        pytest.param(
            lambda t: t.load(numbered_contacts(3, OTHER_ORG, "o")), id="load-other-tenant"
        ),
        pytest.param(
            lambda t: t.load([contact(f"m{n}", lastName="Amin") for n in range(3)]),
            id="load-small-batch",
        ),
        pytest.param(
            lambda t: t.load([contact(f"m{n}", lastName="Amin") for n in range(9)]),
            id="load-big-batch",
        ),
        pytest.param(lambda t: t.clear(), id="clear"),
    ],
)
def test_search_stays_current_after_each_kind_of_write(
    small_blocks: None, write: Callable[[MemoryTable], Any]
) -> None:
    table = contacts()
    table.load(numbered_contacts(20))
    # Every term searched once: some are live results now, kept current by the write.
    assert_search_agrees(table, TERMS)
    write(table)
    assert_search_agrees(table, TERMS)
    assert_search_agrees(table, list(reversed(TERMS)))


def test_search_stays_current_through_random_writes(small_blocks: None) -> None:
    rng = random.Random(7)
    table = contacts()
    table.load(numbered_contacts(30))
    names = ["Amina", "Omar", "Straße", "STRASSE", "a\nb", "x\x00y", "Tazi", None]
    for step in range(300):
        active = sorted(table.active(ORG))
        action = rng.choice(["insert", "update", "update", "soft_delete", "remove"])
        if action == "insert" or not active:
            table.insert(contact(f"r{step}", firstName=rng.choice(names[:-1])))
        elif action == "update":
            table.update(ORG, rng.choice(active), {"lastName": rng.choice(names)})
        elif action == "soft_delete":
            table.soft_delete(ORG, rng.choice(active), {"deletedAt": DELETED_AT})
        else:
            table.remove(ORG, rng.choice(active))
        # The same terms every step (live results, kept current by the writes), and a new one.
        term = "".join(rng.choices(ALPHABET, k=rng.randint(1, 3)))
        assert_search_agrees(table, [*TERMS, term])


def test_a_term_never_spans_two_records_or_two_blocks(small_blocks: None) -> None:
    # Each record's text ends in "a" and the next one's starts with "b".
    table = table_with(*(contact(f"c{n}", firstName="ba", lastName="ba") for n in range(30)))
    assert table.search(ORG, "default", "ab") == set()
    assert table.search(ORG, "default", "a\nb") == set()
    assert len(table.search(ORG, "default", "ba")) == 30


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("a\nb", {"newline"}, id="newline-within-a-field"),
        pytest.param("A\x00B", {"nul"}, id="nul-within-a-field"),
        pytest.param("amina\nalaoui", set(), id="newline-across-fields"),
        pytest.param("amina\x00alaoui", set(), id="nul-across-fields"),
        pytest.param("b\nalaoui", set(), id="newline-in-a-value-then-across-fields"),
        pytest.param("\n", {"newline"}, id="a-newline-alone"),
    ],
)
def test_separator_characters_in_terms_and_values(term: str, expected: set[str]) -> None:
    table = table_with(
        contact("newline", firstName="a\nb"), contact("nul", firstName="a\x00b"), contact("plain")
    )
    assert table.search(ORG, "default", term) == expected
    assert len(table.search(ORG, "default", term)) == len(expected)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        pytest.param("STRASSE", {"eszett", "double-s"}, id="upper-case-ss"),
        pytest.param("straße", {"eszett", "double-s"}, id="eszett-in-the-term"),
        pytest.param("ß", {"eszett", "double-s"}, id="eszett-alone"),
        pytest.param("SS", {"eszett", "double-s"}, id="ss-alone"),
        pytest.param("Σ", {"sigma"}, id="capital-sigma"),
        pytest.param("ς", {"sigma"}, id="final-sigma"),
    ],
)
def test_search_casefolds_unicode(term: str, expected: set[str]) -> None:
    table = table_with(
        contact("eszett", lastName="Straße"),
        contact("double-s", lastName="STRASSE"),
        contact("sigma", lastName="Ὀδυσσεύς"),
    )
    assert table.search(ORG, "default", term) == expected


def test_search_of_an_empty_tenant_finds_nothing(small_blocks: None) -> None:
    table = contacts()
    assert table.search(ORG, "default", "a") == set()
    assert len(table.search(ORG, "default", "a")) == 0
    table.load(numbered_contacts(10))
    for record_id in list(table.active(ORG)):
        table.remove(ORG, record_id)
    assert table.search(ORG, "default", "a") == set()
    assert len(table.search(ORG, "default", "")) == 0
    assert "n001" not in table.search(ORG, "default", "a")


def test_live_results_are_dropped_least_recently_searched_first(
    small_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "_LIVE_TERMS", 4)
    table = contacts()
    table.load(numbered_contacts(20))
    for term in ["amina", "omar", "salma", "karim", "omar", "tazi"]:
        len(table.search(ORG, "default", term))
    live = table._search[ORG]._live
    assert [needle for _, needle in live] == ["salma", "karim", "omar", "tazi"]
    table.insert(contact("late", firstName="Omar"))
    assert len(table.search(ORG, "default", "omar")) == len(
        reference(table, ORG, "default", "omar")
    )
    assert len(table.search(ORG, "default", "amina")) == len(
        reference(table, ORG, "default", "amina")
    )


def test_a_live_result_keeps_its_ids_only_while_few(small_blocks: None) -> None:
    table = table_with(contact("c1", firstName="Omar"), contact("c2", firstName="Omar"))
    assert table.search(ORG, "default", "omar") == {"c1", "c2"}
    table.insert(contact("c3", firstName="Omar"))
    table.insert(contact("c4", firstName="Omar"))
    found = table.search(ORG, "default", "omar")
    assert len(found) == 4
    assert "c4" in found
    assert set(found) == {"c1", "c2", "c3", "c4"}
    table.remove(ORG, "c1")
    assert table.search(ORG, "default", "omar") == {"c2", "c3", "c4"}
