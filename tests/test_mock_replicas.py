"""Two `contactkit mock` processes on one PostgreSQL database behave as one mock."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest
from mock_helpers import (
    CONTACTS,
    KEY_A,
    MockProcess,
    assert_error,
    create_contact,
    first_page,
    ok,
    phone,
    total,
)
from postgres_cluster import PostgresCluster

JOURNAL_SIZE = 10


@pytest.fixture
def database(postgres: PostgresCluster) -> str:
    """A fresh database for this test's replicas."""
    return postgres.new_database()


@pytest.fixture
def replicas(
    spawn_mock: Callable[..., MockProcess], database: str
) -> tuple[MockProcess, MockProcess]:
    """Two replicas of an empty mock sharing `database`."""
    options = ("--store", database, "--profile", "empty", "--journal-size", str(JOURNAL_SIZE))
    return spawn_mock(*options), spawn_mock(*options)


def _client(replica: MockProcess) -> httpx.Client:
    return httpx.Client(base_url=replica.url, headers={"x-api-key": KEY_A}, timeout=30)


def test_a_contact_created_on_one_replica_is_read_on_the_other(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    with _client(first) as a, _client(second) as b:
        contact = create_contact(a, 1, firstName="Amina")
        path = f"{CONTACTS}/{contact['id']}"
        assert ok(b.get(path))["firstName"] == "Amina"
        assert ok(b.get(path)) == ok(a.get(path))
        ok(b.delete(f"{CONTACTS}/{contact['id']}"))
        assert_error(a.get(f"{CONTACTS}/{contact['id']}"), 404)


def test_concurrent_upserts_of_one_phone_over_two_replicas_end_in_one_contact(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    def upsert(n: int) -> tuple[int, str, int]:
        with _client(replicas[n % 2]) as client:
            item = {"primaryPhone": phone(7), "lastName": f"Writer {n}"}
            response = client.post(f"{CONTACTS}/upsert", json={"data": [item]})
            body = response.json()
            return response.status_code, body["data"][0]["id"], body["created"]

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(upsert, range(16)))
    assert {status for status, _, _ in results} == {201}
    assert len({contact_id for _, contact_id, _ in results}) == 1
    assert sum(created for _, _, created in results) == 1
    for replica in replicas:
        with _client(replica) as client:
            assert first_page(client, CONTACTS, search=phone(7))["meta"]["total"] == 1


def test_write_timestamps_increase_across_replicas(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    stamps = []
    for n in range(6):
        with _client(replicas[n % 2]) as client:
            stamps.append(create_contact(client, n)["createdAt"])
    assert stamps == sorted(set(stamps))


def test_a_fault_injected_through_one_replica_hits_the_other(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    fault = {"operationId": "listContacts", "status": 503, "times": 2}
    assert httpx.post(f"{first.url}/__admin/faults", json=fault).status_code == 201
    with _client(second) as b, _client(first) as a:
        assert_error(b.get(CONTACTS), 503)
        assert_error(a.get(CONTACTS), 503)
        ok(b.get(CONTACTS))  # the two hits are spent, whichever replica spent them
    assert ok(httpx.get(f"{first.url}/__admin/faults")) == []


def test_a_reset_through_one_replica_resets_both(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    with _client(first) as a, _client(second) as b:
        create_contact(a, 1)
        ok(httpx.post(f"{second.url}/__admin/reset"))
        assert total(a, CONTACTS) == 0
        assert total(b, CONTACTS) == 0


def test_a_reseed_through_one_replica_shows_in_the_others_info(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    ok(httpx.post(f"{first.url}/__admin/reseed", json={"seed": 9, "profile": "default"}))
    settings = ok(httpx.get(f"{second.url}/__admin/info"))["settings"]
    assert (settings["seed"], settings["profile"]) == (9, "default")
    with _client(first) as a, _client(second) as b:
        assert first_page(a, CONTACTS) == first_page(b, CONTACTS)


def test_the_journal_lists_both_replicas_requests_bounded(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    httpx.delete(f"{first.url}/__admin/journal")
    for n in range(JOURNAL_SIZE + 4):
        with _client(replicas[n % 2]) as client:
            ok(client.get(CONTACTS, params={"page": n + 1}))
    entries = ok(httpx.get(f"{second.url}/__admin/journal", params={"path": CONTACTS}))["entries"]
    pages = [entry["query"] for entry in entries]
    assert len(entries) <= JOURNAL_SIZE
    # The newest requests are kept, from both replicas, in order.
    assert pages[-2:] == [f"page={JOURNAL_SIZE + 3}", f"page={JOURNAL_SIZE + 4}"]


def _in_sandbox(replica: MockProcess, name: str) -> httpx.Client:
    headers = {"x-api-key": KEY_A, "x-contactkit-sandbox": name}
    return httpx.Client(base_url=replica.url, headers=headers, timeout=30)


def test_a_sandbox_is_one_sandbox_on_every_replica(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    with (
        _in_sandbox(first, "shared") as a,
        _in_sandbox(second, "shared") as b,
        _client(second) as c,
    ):
        contact = create_contact(a, 1)
        assert ok(b.get(f"{CONTACTS}/{contact['id']}"))["id"] == contact["id"]
        assert_error(c.get(f"{CONTACTS}/{contact['id']}"), 404)
        listed = ok(httpx.get(f"{first.url}/__admin/sandboxes"))["sandboxes"]
        assert [(e["name"], e["counts"]["contacts"]) for e in listed] == [("shared", 1)]


def test_a_sandbox_dropped_through_one_replica_is_gone_on_the_other(
    replicas: tuple[MockProcess, MockProcess],
) -> None:
    first, second = replicas
    with _in_sandbox(first, "shared") as a:
        create_contact(a, 1)
        assert httpx.delete(f"{second.url}/__admin/sandboxes/shared").status_code == 204
        assert ok(httpx.get(f"{first.url}/__admin/sandboxes")) == {"sandboxes": []}
        assert total(a, CONTACTS) == 0  # the name starts again from the seed (empty)


def test_killing_a_replica_loses_nothing_and_a_new_one_joins_without_reseeding(
    replicas: tuple[MockProcess, MockProcess],
    spawn_mock: Callable[..., MockProcess],
    database: str,
) -> None:
    first, second = replicas
    with _client(first) as a:
        contact = ok(a.get(f"{CONTACTS}/{create_contact(a, 3)['id']}"))
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    third = spawn_mock("--store", database, "--profile", "default")
    for replica in (second, third):
        with _client(replica) as client:
            assert ok(client.get(f"{CONTACTS}/{contact['id']}")) == contact
            assert total(client, CONTACTS) == 1


def test_a_database_outage_answers_503_in_the_api_format_and_recovers(
    replicas: tuple[MockProcess, MockProcess], database: str, postgres: PostgresCluster
) -> None:
    name = database.rsplit("/", 1)[1]
    with _client(replicas[0]) as client:
        create_contact(client, 1)
        _allow_connections(postgres, name, False)
        try:
            response = client.get(CONTACTS)
            assert_error(response, 503)
            assert "database" in response.json()["message"]
        finally:
            _allow_connections(postgres, name, True)
        assert _recovered(client).json()["meta"]["total"] == 1


def _recovered(client: httpx.Client, within: float = 30) -> httpx.Response:
    """Return the first 200 of the contact list (the pool reconnects with a backoff)."""
    deadline = time.monotonic() + within
    while True:
        response = client.get(CONTACTS)
        if response.status_code != 503 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            return response
        time.sleep(0.2)


def _allow_connections(postgres: PostgresCluster, name: str, allowed: bool) -> None:
    """Open or close database `name` to connections; closing ends the ones it has."""
    with psycopg.connect(postgres.url(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
