"""Sandboxes: the x-contactkit-sandbox header selects an isolated copy of the data (both stores)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
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

from mockserver.sandboxes import HEADER
from mockserver.testing import MockServer

# Small seed data: every sandbox is seeded on first use.
SETTINGS = {"seed": 3, "profile": "default", "contacts": 12, "audiences": 2}
SEEDED = 12  # contacts of organization A
MAX_SANDBOXES = 3
TTL = 2.0


def _store(contactkit_store: str | None, request: pytest.FixtureRequest) -> str | None:
    """Return a store of this module's own: sandboxes of other tests' mocks must not count."""
    if contactkit_store is None:
        return None
    return str(request.getfixturevalue("postgres").new_database())


@pytest.fixture(scope="module")
def sandbox_server(
    contactkit_store: str | None, request: pytest.FixtureRequest
) -> Iterator[MockServer]:
    """A mock keeping at most MAX_SANDBOXES sandboxes, on the store of this parametrization."""
    store = _store(contactkit_store, request)
    with MockServer(**SETTINGS, store=store, max_sandboxes=MAX_SANDBOXES) as server:
        yield server


@pytest.fixture
def mock(sandbox_server: MockServer) -> Iterator[MockServer]:
    """The mock with its seed data and no sandbox; its sandboxes are dropped after the test."""
    sandbox_server.reset()
    yield sandbox_server
    assert httpx.delete(f"{sandbox_server.url}/__admin/sandboxes").status_code == 204


@pytest.fixture
def client(mock: MockServer) -> Iterator[Callable[..., httpx.Client]]:
    """Make clients of the mock with organization A's key, in a sandbox or (None) not."""
    opened: list[httpx.Client] = []

    def make(sandbox: str | None, path: str = "") -> httpx.Client:
        headers = {"x-api-key": KEY_A, **({HEADER: sandbox} if sandbox else {})}
        opened.append(httpx.Client(base_url=mock.url + path, headers=headers, timeout=30))
        return opened[-1]

    yield make
    for opened_client in opened:
        opened_client.close()


def sandboxes(mock: MockServer) -> dict[str, dict[str, object]]:
    """Return GET /__admin/sandboxes by name."""
    listing = ok(httpx.get(f"{mock.url}/__admin/sandboxes"))["sandboxes"]
    return {entry["name"]: entry for entry in listing}


def matches(api: httpx.Client, number: int) -> int:
    """Return how many contacts have phone(number)."""
    return total(api, CONTACTS, search=phone(number))


def test_what_a_sandbox_writes_neither_another_sandbox_nor_the_default_data_sees(
    client: Callable[..., httpx.Client],
) -> None:
    create_contact(client("one"), 1)
    create_contact(client(None), 2)
    assert [matches(client("one"), n) for n in (1, 2)] == [1, 0]
    assert [matches(client("two"), n) for n in (1, 2)] == [0, 0]
    assert [matches(client(None), n) for n in (1, 2)] == [0, 1]


def test_a_new_sandbox_holds_the_seed_data_not_what_the_default_data_became(
    client: Callable[..., httpx.Client],
) -> None:
    seeded_page = first_page(client(None), CONTACTS, limit=5, sortBy="lastName")
    create_contact(client(None), 1)
    assert first_page(client("fresh"), CONTACTS, limit=5, sortBy="lastName") == seeded_page
    assert total(client("fresh"), CONTACTS) == SEEDED


def test_reset_with_the_header_resets_that_sandbox_only(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    for sandbox in ("one", "two", None):
        create_contact(client(sandbox), 1)
    ok(client("one", "/__admin").post("/reset"))
    assert [matches(client(s), 1) for s in ("one", "two", None)] == [0, 1, 1]


def test_export_with_the_header_holds_that_sandbox_and_imports_into_another(
    client: Callable[..., httpx.Client],
) -> None:
    create_contact(client("one"), 1)
    exported = ok(client("one", "/__admin").get("/state"))
    assert ok(client(None, "/__admin").get("/state")) != exported
    ok(client("copy", "/__admin").put("/state", json=exported))
    assert [matches(client(s), 1) for s in ("copy", None)] == [1, 0]


def test_a_fault_injected_with_the_header_hits_that_sandbox_only(
    client: Callable[..., httpx.Client],
) -> None:
    fault = {"operationId": "listContacts", "status": 503}
    assert client("one", "/__admin").post("/faults", json=fault).status_code == 201
    assert_error(client("one").get(CONTACTS), 503)
    assert [client(s).get(CONTACTS).status_code for s in ("two", None)] == [200, 200]


def test_the_journal_of_a_sandbox_holds_its_own_requests(
    client: Callable[..., httpx.Client],
) -> None:
    client("one").get(CONTACTS, params={"search": "one"})
    client(None).get(CONTACTS, params={"search": "default"})
    queries = {
        sandbox: [e["query"] for e in ok(client(sandbox, "/__admin").get("/journal"))["entries"]]
        for sandbox in ("one", "two", None)
    }
    assert queries == {"one": ["search=one"], "two": [], None: ["search=default"]}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("x" * 49, id="49-characters"),
        pytest.param("with space", id="space"),
        pytest.param("a/b", id="slash"),
        pytest.param("naïve", id="not-ascii"),
    ],
)
def test_a_bad_sandbox_name_is_a_400_and_creates_nothing(mock: MockServer, name: str) -> None:
    headers = {"x-api-key": KEY_A, HEADER: name.encode()}
    messages = assert_error(httpx.get(f"{mock.url}{CONTACTS}", headers=headers), 400)
    assert HEADER in messages[0] and "1 to 48 characters" in messages[0]
    assert sandboxes(mock) == {}


def test_a_name_of_48_allowed_characters_is_a_sandbox(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    name = "Az09_.-" + "x" * 41
    assert total(client(name), CONTACTS) == SEEDED
    assert list(sandboxes(mock)) == [name]


def test_a_new_sandbox_beyond_the_maximum_is_a_429_saying_how_to_make_room(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    for n in range(MAX_SANDBOXES):
        ok(client(f"s{n}").get(CONTACTS))
    (message,) = assert_error(client("one-too-many").get(CONTACTS), 429)
    assert "--max-sandboxes" in message and "DELETE /__admin/sandboxes/NAME" in message
    ok(client("s0").get(CONTACTS))  # the existing ones still answer
    assert httpx.delete(f"{mock.url}/__admin/sandboxes/s0").status_code == 204
    ok(client("one-too-many").get(CONTACTS))


def test_the_listing_gives_each_sandbox_its_times_and_counts(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    create_contact(client("one"), 1)
    entry = sandboxes(mock)["one"]
    assert isinstance(entry["created"], str) and isinstance(entry["lastUsed"], str)
    assert entry["created"] <= entry["lastUsed"]
    assert entry["counts"] == {"contacts": 2 * SEEDED + 1, "audiences": 4, "clientContacts": 24}


def test_a_deleted_sandbox_is_gone_and_its_name_starts_again_from_the_seed(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    create_contact(client("one"), 1)
    assert httpx.delete(f"{mock.url}/__admin/sandboxes/one").status_code == 204
    assert "one" not in sandboxes(mock)
    assert_error(httpx.delete(f"{mock.url}/__admin/sandboxes/one"), 404)
    assert matches(client("one"), 1) == 0


def test_requests_without_the_header_leave_sandboxes_alone(
    mock: MockServer, client: Callable[..., httpx.Client]
) -> None:
    create_contact(client("one"), 1)
    ok(client(None, "/__admin").post("/reset"))
    assert matches(client("one"), 1) == 1


def test_contactkit_mock_takes_the_maximum_from_its_command_line(
    spawn_mock: Callable[..., MockProcess],
) -> None:
    mock = spawn_mock("--profile", "empty", "--max-sandboxes", "1")
    statuses = [
        httpx.get(f"{mock.url}{CONTACTS}", headers={"x-api-key": KEY_A, HEADER: name}).status_code
        for name in ("first", "second")
    ]
    assert statuses == [200, 429]


@pytest.fixture
def short_lived(
    contactkit_store: str | None, request: pytest.FixtureRequest
) -> Iterator[MockServer]:
    """A mock whose sandboxes are dropped after TTL seconds unused."""
    with MockServer(**SETTINGS, store=_store(contactkit_store, request), sandbox_ttl=TTL) as server:
        yield server


def test_a_sandbox_unused_for_the_ttl_is_dropped_and_a_used_one_kept(
    short_lived: MockServer,
) -> None:
    def api(sandbox: str) -> httpx.Client:
        headers = {"x-api-key": KEY_A, HEADER: sandbox}
        return httpx.Client(base_url=short_lived.url, headers=headers, timeout=30)

    with api("idle") as idle, api("busy") as busy:
        create_contact(idle, 1)
        create_contact(busy, 1)
        deadline = time.monotonic() + 2.5 * TTL
        while time.monotonic() < deadline:
            ok(busy.get(CONTACTS, params={"limit": 1}))
            time.sleep(TTL / 8)
        assert list(sandboxes(short_lived)) == ["busy"]
        assert (matches(idle, 1), matches(busy, 1)) == (0, 1)
