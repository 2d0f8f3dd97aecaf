"""A long-lived mock stays bounded: soft-deleted records past a limit are purged for good."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from mock_helpers import (
    AUDIENCES,
    CLIENT_CONTACTS,
    CLIENT_KEY_A,
    CONTACTS,
    KEY_A,
    assert_client_error,
    assert_error,
    assert_invariants,
    created,
    ok,
    phone,
)

from mockserver.state import State
from mockserver.store import DELETED_LIMIT, Table

pytestmark = [pytest.mark.contactkit(profile="empty"), pytest.mark.usefixtures("no_5xx")]
LIMIT = 15
CYCLES = 60


@pytest.fixture
def small_limit(contactkit_mock: Any) -> Iterator[State]:
    """The mock keeping at most LIMIT soft-deleted records per table, for this test only."""
    contactkit_mock.state.limit_deleted(LIMIT)
    yield contactkit_mock.state
    contactkit_mock.state.limit_deleted(DELETED_LIMIT)


def _data_of(record: dict[str, Any]) -> dict[str, Any]:
    return record.get("data", record)  # client contacts come in the {success, data} envelope


KINDS = [
    pytest.param(
        CONTACTS,
        {"x-api-key": KEY_A},
        lambda n: {"primaryPhone": phone(n)},
        lambda state: state.gomobile.contacts,
        assert_error,
        id="gomobile-contacts",
    ),
    pytest.param(
        AUDIENCES,
        {"x-api-key": KEY_A},
        lambda n: {"name": f"Audience {n}"},
        lambda state: state.gomobile.audiences,
        assert_error,
        id="gomobile-audiences",
    ),
    pytest.param(
        CLIENT_CONTACTS,
        {"api-key": CLIENT_KEY_A},
        lambda n: {"name": f"Client {n}"},
        lambda state: state.client_contacts.contacts,
        assert_client_error,
        id="client-contacts-hard-deletes",
    ),
]


@pytest.mark.parametrize(("path", "headers", "body", "table", "check"), KINDS)
def test_create_delete_cycles_keep_the_store_bounded(
    contactkit_mock: Any,
    small_limit: State,
    path: str,
    headers: dict[str, str],
    body: Callable[[int], dict[str, Any]],
    table: Callable[[State], Table],
    check: Callable[[httpx.Response, int], list[str]],
) -> None:
    with httpx.Client(base_url=contactkit_mock.url, headers=headers) as client:
        deleted = []
        for number in range(CYCLES):
            record = _data_of(created(client.post(path, json=body(number))))
            record_id = record.get("id") or record["_id"]
            ok(client.delete(f"{path}/{record_id}"))
            deleted.append(record_id)
            assert table(small_limit).size() <= LIMIT
        # Purged or kept, a deleted record is gone for the API.
        for record_id in (deleted[0], deleted[-1]):
            check(client.get(f"{path}/{record_id}"), 404)


def test_a_purged_audience_takes_its_members_along(
    contactkit_mock: Any, small_limit: State, api: httpx.Client
) -> None:
    contact = created(api.post(CONTACTS, json={"primaryPhone": phone(1)}))
    for number in range(LIMIT + 5):
        audience = created(api.post(AUDIENCES, json={"name": f"Audience {number}"}))
        members = {"contacts": [contact["id"]]}
        created(api.post(f"{AUDIENCES}/{audience['id']}/add-contacts", json=members))
        ok(api.delete(f"{AUDIENCES}/{audience['id']}"))
    document = ok(httpx.get(f"{contactkit_mock.url}/__admin/state"))
    assert len(document["datasets"]["gomobile"]["audienceMembers"]) == LIMIT
    assert_invariants(document)
    State().restore(document)
