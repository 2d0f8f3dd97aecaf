"""filters: the client contacts list's `_id`, `name`, updatedAt and `_id` range filters, sortBy.

Every case runs on four records this run creates (two share a name), found by their tag, so
that the expected answer is known exactly even on a shared server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts.client_contacts import CLIENT_CONTACT
from contracts.context import Contract
from contracts.probes import create, ids, search, sort_key
from contracts.profile import Body

pytestmark = [pytest.mark.contract("filters"), pytest.mark.writes]
NAMES = ["Alpha", "bravo", "Alpha", "Charlie"]
Records = list[Body]
Query = Callable[[Records], dict[str, Any]]
Selection = Callable[[Records], Records]


def ms(item: Body) -> int:
    """Return a record's updatedAt in milliseconds since the epoch."""
    moment = datetime.fromisoformat(item["updatedAt"])
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


@pytest.fixture(scope="module")
def records(contract: Contract) -> Records:
    """Four client contacts of this run, tagged; the first and third share their name."""
    tag = contract.token()
    return [create(contract, CLIENT_CONTACT, "filters", name=f"{tag} {n}") for n in NAMES]


def _by(test: Callable[[Body], bool]) -> Selection:
    return lambda records: [r for r in records if test(r)]


FILTERS = [
    pytest.param(lambda r: {"_id": r[1]["_id"]}, lambda r: [r[1]], id="_id-one-value"),
    pytest.param(
        lambda r: {"_id": [r[0]["_id"], r[3]["_id"].upper()]},
        lambda r: [r[0], r[3]],
        id="_id-array-any-case",
    ),
    pytest.param(lambda r: {"name": r[0]["name"]}, lambda r: [r[0], r[2]], id="name-one-value"),
    pytest.param(
        lambda r: {"name": [r[1]["name"], r[3]["name"]]}, lambda r: [r[1], r[3]], id="name-array"
    ),
    pytest.param(lambda r: {"name": r[1]["name"].upper()}, lambda r: [], id="name-exact-case"),
    pytest.param(lambda r: {"name": r[3]["name"][:-1]}, lambda r: [], id="name-not-substring"),
    pytest.param(
        lambda r: {"from_updatedAt": ms(r[1])},
        lambda r: _by(lambda x: ms(x) >= ms(r[1]))(r),
        id="from_updatedAt-inclusive",
    ),
    pytest.param(
        lambda r: {"to_updatedAt": ms(r[1])},
        lambda r: _by(lambda x: ms(x) <= ms(r[1]))(r),
        id="to_updatedAt-inclusive",
    ),
    pytest.param(
        lambda r: {"from__id": r[1]["_id"]},
        lambda r: _by(lambda x: x["_id"] > r[1]["_id"])(r),
        id="from__id-strict",
    ),
    pytest.param(
        lambda r: {"to__id": r[2]["_id"]},
        lambda r: _by(lambda x: x["_id"] < r[2]["_id"])(r),
        id="to__id-strict",
    ),
    pytest.param(
        lambda r: {"from_updatedAt": max(map(ms, r)) + 1, "to_updatedAt": min(map(ms, r))},
        lambda r: [],
        id="updatedAt-from-after-to",
    ),
    pytest.param(
        lambda r: {"from__id": max(x["_id"] for x in r), "to__id": min(x["_id"] for x in r)},
        lambda r: [],
        id="_id-from-after-to",
    ),
]


@pytest.mark.parametrize(("query", "selection"), FILTERS)
def test_filter_selects_exactly(
    contract: Contract, records: Records, query: Query, selection: Selection
) -> None:
    """Each filter, combined with the run's tag, lists exactly the records it selects."""
    params = query(records)
    tag = records[0]["name"].split()[0]
    found = ids(contract, search(contract, CLIENT_CONTACT, tag, **params))
    wanted = ids(contract, selection(records))
    refs = {p["name"]: ref for ref, p in contract.spec.parameters(CLIENT_CONTACT.op("list"))}
    contract.expect(
        sorted(found) == sorted(wanted),
        "filters",
        CLIENT_CONTACT.op("list"),
        f"{params} selects {wanted}",
        found,
        None,
        refs[next(iter(params))],
    )


SORTS = [
    pytest.param({"sortBy": ["name:asc", "createdAt:desc"]}, False, True, id="name-asc-then-new"),
    pytest.param({"sortBy": ["name:desc", "createdAt:asc"]}, True, False, id="name-desc-then-old"),
    pytest.param(
        {"sortBy": ["name:asc", "createdAt:desc"], "sort": "-name"},
        False,
        True,
        id="sortBy-replaces-sort",
    ),
]


@pytest.mark.parametrize(("params", "names_descending", "newest_first"), SORTS)
def test_sort_by_orders_by_each_key_in_turn(
    contract: Contract,
    records: Records,
    params: dict[str, Any],
    names_descending: bool,
    newest_first: bool,
) -> None:
    """sortBy's keys apply in priority order: name first, createdAt among equal names."""
    tag = records[0]["name"].split()[0]
    found = ids(contract, search(contract, CLIENT_CONTACT, tag, **params))
    by_time = sorted(records, key=lambda r: r["createdAt"], reverse=newest_first)
    wanted = ids(
        contract,
        sorted(by_time, key=lambda r: sort_key(r["name"]), reverse=names_descending),
    )
    contract.expect(
        found == wanted,
        "filters",
        CLIENT_CONTACT.op("list"),
        f"{params} orders the run's records as {wanted}",
        found,
        None,
        "#/components/parameters/SortBy",
    )
