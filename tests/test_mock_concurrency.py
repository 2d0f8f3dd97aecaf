"""Concurrent requests never corrupt the mock's state (uvicorn serves from a thread pool)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx
import pytest
from mock_helpers import CONTACTS, first_page, phone, total

from mockserver.testing import MockServer

pytestmark = [pytest.mark.usefixtures("no_5xx"), pytest.mark.contactkit(profile="empty")]

THREADS = 8
PER_THREAD = 25
T = TypeVar("T")


def _in_threads(mock: MockServer, work: Callable[[httpx.Client, int], T]) -> list[T]:
    """Run work(client, n) for n in 0..THREADS*PER_THREAD-1, THREADS at a time, all released
    together; each thread has its own client (its own connections)."""
    start = threading.Barrier(THREADS)

    def thread(index: int) -> list[T]:
        with mock.client() as client:
            start.wait(timeout=30)
            return [work(client, index * PER_THREAD + n) for n in range(PER_THREAD)]

    with ThreadPoolExecutor(THREADS) as pool:
        batches = list(pool.map(thread, range(THREADS)))
    return [result for batch in batches for result in batch]


def test_concurrent_upserts_of_one_phone_end_in_one_contact(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    def work(client: httpx.Client, n: int) -> tuple[int, str]:
        item = {"primaryPhone": phone(1), "lastName": f"Writer {n}"}
        response = client.post(f"{CONTACTS}/upsert", json={"data": [item]})
        return response.status_code, response.json()["data"][0]["id"]

    results = _in_threads(contactkit_mock, work)
    assert {status for status, _ in results} == {201}
    assert len({contact_id for _, contact_id in results}) == 1
    body = first_page(api, CONTACTS, search=phone(1))
    assert body["meta"]["total"] == 1
    assert total(api, CONTACTS) == 1


def test_concurrent_upserts_count_one_creation(contactkit_mock: MockServer) -> None:
    def work(client: httpx.Client, n: int) -> int:
        response = client.post(f"{CONTACTS}/upsert", json={"data": [{"primaryPhone": phone(1)}]})
        created: int = response.json()["created"]
        return created

    assert sum(_in_threads(contactkit_mock, work)) == 1


def test_concurrent_creates_with_distinct_phones_all_land(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    def work(client: httpx.Client, n: int) -> int:
        return client.post(CONTACTS, json={"primaryPhone": phone(n)}).status_code

    statuses = _in_threads(contactkit_mock, work)
    assert statuses == [201] * THREADS * PER_THREAD
    assert total(api, CONTACTS) == THREADS * PER_THREAD
    phones = {c["primaryPhone"] for c in first_page(api, CONTACTS, limit=100)["data"]}
    assert len(phones) == 100


def test_concurrent_creates_of_one_phone_make_one_contact(
    contactkit_mock: MockServer, api: httpx.Client
) -> None:
    def work(client: httpx.Client, n: int) -> int:
        return client.post(CONTACTS, json={"primaryPhone": phone(1)}).status_code

    statuses = sorted(_in_threads(contactkit_mock, work))
    assert statuses == [201] + [409] * (THREADS * PER_THREAD - 1)
    assert total(api, CONTACTS) == 1
