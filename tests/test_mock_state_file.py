"""`--state FILE`: the state is saved atomically on shutdown and on demand, and loaded at start."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from mock_helpers import (
    CONTACTS,
    KEY_A,
    MockProcess,
    assert_error,
    free_port,
    mock_command,
    phone,
)

from mockserver.state import State
from mockserver.testing import MockServer

Spawn = Callable[..., MockProcess]


def _client(mock: MockProcess) -> httpx.Client:
    return httpx.Client(base_url=mock.url, headers={"x-api-key": KEY_A})


def _create(mock: MockProcess, number: int = 1) -> str:
    with _client(mock) as client:
        response = client.post(CONTACTS, json={"primaryPhone": phone(number)})
    assert response.status_code == 201, response.text
    contact_id: str = response.json()["id"]
    return contact_id


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """An empty directory for the state file (so that stray temporary files show)."""
    directory = tmp_path / "state"
    directory.mkdir()
    return directory


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_state_is_saved_at_shutdown_and_loaded_at_restart(
    spawn_mock: Spawn, state_dir: Path, stop_signal: signal.Signals
) -> None:
    state_file = state_dir / "mock.json"
    first = spawn_mock("--profile", "empty", "--state", str(state_file))
    contact_id = _create(first)
    first.process.send_signal(stop_signal)
    assert first.process.wait(timeout=30) == 0, first.output()
    assert state_file.exists()
    second = spawn_mock("--profile", "empty", "--state", str(state_file))
    with _client(second) as client:
        response = client.get(f"{CONTACTS}/{contact_id}")
    assert response.status_code == 200, response.text
    assert response.json()["primaryPhone"] == phone(1)


def test_shutdown_save_is_valid_json_and_leaves_no_temporary_file(
    spawn_mock: Spawn, state_dir: Path
) -> None:
    state_file = state_dir / "mock.json"
    mock = spawn_mock("--profile", "empty", "--state", str(state_file))
    contact_id = _create(mock)
    assert mock.stop() == 0, mock.output()
    document = json.loads(state_file.read_text(encoding="utf-8"))
    assert document["format"] == "contactkit-state"
    assert contact_id in {c["id"] for c in document["datasets"]["gomobile"]["contacts"]}
    assert sorted(p.name for p in state_dir.iterdir()) == ["mock.json"]


def test_save_endpoint_writes_the_state_atomically(spawn_mock: Spawn, state_dir: Path) -> None:
    state_file = state_dir / "mock.json"
    mock = spawn_mock("--profile", "empty", "--state", str(state_file))
    contact_id = _create(mock)
    response = httpx.post(f"{mock.url}/__admin/state/save")
    assert response.status_code == 200, response.text
    assert Path(response.json()["path"]) == state_file
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert saved == httpx.get(f"{mock.url}/__admin/state").json()
    assert contact_id in {c["id"] for c in saved["datasets"]["gomobile"]["contacts"]}
    assert sorted(p.name for p in state_dir.iterdir()) == ["mock.json"]


def test_save_endpoint_replaces_an_earlier_save(spawn_mock: Spawn, state_dir: Path) -> None:
    state_file = state_dir / "mock.json"
    mock = spawn_mock("--profile", "empty", "--state", str(state_file))
    httpx.post(f"{mock.url}/__admin/state/save").raise_for_status()
    second = _create(mock, 2)
    httpx.post(f"{mock.url}/__admin/state/save").raise_for_status()
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert second in {c["id"] for c in saved["datasets"]["gomobile"]["contacts"]}
    assert sorted(p.name for p in state_dir.iterdir()) == ["mock.json"]


def test_save_without_state_file_is_400(contactkit_mock: MockServer) -> None:
    response = httpx.post(f"{contactkit_mock.url}/__admin/state/save")
    [message] = assert_error(response, 400)
    assert "--state" in message


# A --state file the mock cannot take -------------------------------------------------------------


def _start(*args: str) -> subprocess.CompletedProcess[str]:
    """Start the mock with `args`, expecting it to refuse and exit; return what it did."""
    argv = mock_command("--port", str(free_port()), *args)
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


def _duplicate_phone(document: dict[str, Any]) -> None:
    contacts = document["datasets"]["gomobile"]["contacts"]
    contacts[1]["primaryPhone"] = contacts[0]["primaryPhone"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(None, "is a directory", id="directory"),
        pytest.param(b"{not json", "Malformed JSON", id="not-json"),
        pytest.param(b"[" * 10_000 + b"]" * 10_000, "deeper than 64 levels", id="deep-nesting"),
        pytest.param(b'{"a": "\\ud800"}', "surrogate", id="lone-surrogate"),
        pytest.param(b"[]", "Not a contactkit state document", id="not-a-state"),
        pytest.param(b'{"format": "other"}', "Not a contactkit state document", id="other-format"),
        pytest.param(_duplicate_phone, "primaryPhone", id="conflicting-records"),
    ],
)
def test_a_state_file_the_mock_cannot_take_is_one_line_naming_it_exit_2(
    state_dir: Path, content: Any, expected: str
) -> None:
    state_file = state_dir / "mock.json"
    if content is None:
        state_file.mkdir()
    elif callable(content):
        document = State().export()
        content(document)
        state_file.write_text(json.dumps(document), encoding="utf-8")
    else:
        state_file.write_bytes(content)
    result = _start("--state", str(state_file))
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("contactkit mock: ")
    assert str(state_file) in line
    assert expected in line
