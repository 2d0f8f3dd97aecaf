"""Exports and saves taken while writes go on are consistent: every snapshot loads again."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from mock_helpers import (
    AUDIENCES,
    CONTACTS,
    KEY_A,
    MockProcess,
    assert_invariants,
    created,
    ok,
    phone,
)

from mockserver.state import SeedSettings, State

Spawn = Callable[..., MockProcess]
WRITERS = 3
CYCLES = 25


def _write(client: httpx.Client, audience_id: str, writer: int) -> None:
    """Create a contact, add it to the audience, move its phone, then delete it: many times."""
    for cycle in range(CYCLES):
        number = writer * 1000 + cycle
        contact = created(client.post(CONTACTS, json={"primaryPhone": phone(number)}))
        members = {"contacts": [contact["id"]]}
        created(client.post(f"{AUDIENCES}/{audience_id}/add-contacts", json=members))
        moved = {"primaryPhone": phone(number + 500)}
        ok(client.put(f"{CONTACTS}/{contact['id']}", json=moved))
        ok(client.delete(f"{CONTACTS}/{contact['id']}"))


def _read_until(done: threading.Event, take: Callable[[], dict[str, Any]]) -> list[Any]:
    snapshots = []
    while not done.is_set():
        snapshots.append(take())
    return snapshots


def test_exports_and_saves_racing_writers_always_load(spawn_mock: Spawn, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    mock = spawn_mock("--state", str(state_file))
    client = httpx.Client(base_url=mock.url, headers={"x-api-key": KEY_A}, timeout=30)
    audience = created(client.post(AUDIENCES, json={"name": "Racing"}))

    def export() -> dict[str, Any]:
        return ok(httpx.get(f"{mock.url}/__admin/state", timeout=30))  # type: ignore[no-any-return]

    def save() -> dict[str, Any]:
        ok(httpx.post(f"{mock.url}/__admin/state/save", timeout=30))
        return json.loads(state_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    done = threading.Event()
    with ThreadPoolExecutor(WRITERS + 2) as pool:
        readers = [pool.submit(_read_until, done, take) for take in (export, save)]
        writers = [pool.submit(_write, client, audience["id"], n) for n in range(WRITERS)]
        for writer in writers:
            writer.result()
        done.set()
        snapshots = [snapshot for reader in readers for snapshot in reader.result()]
    assert len(snapshots) >= 4, "the readers barely ran"
    for snapshot in snapshots:
        assert_invariants(snapshot)
        State(settings=SeedSettings(profile="empty")).restore(snapshot)
