"""Shared fixtures: the parsed OpenAPI documents, clients of the mock, mock subprocesses."""

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from mock_helpers import MockProcess, free_port, mock_command
from postgres_cluster import REQUIRED_ENV, PostgresCluster, missing_reason
from servers.staging_data import Choices
from servers.staging_like import StagingLike

from contactkit.resources import spec_file
from mockserver.testing import MockServer


@pytest.fixture(scope="session")
def gomobile_spec() -> dict[str, Any]:
    """The parsed `openapi/gomobile.yaml` (shared: tests must not mutate it)."""
    with spec_file("gomobile.yaml").open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    assert isinstance(document, dict), "gomobile.yaml is not a YAML mapping"
    return document


# The stores: every test of the mock over HTTP runs once per store -------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the session; skips (fails in CI) without PostgreSQL."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get(REQUIRED_ENV):
            pytest.fail(f"{REQUIRED_ENV} is set but {reason}")
        pytest.skip(reason)
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session", params=["memory", "postgresql"])
def contactkit_store(request: pytest.FixtureRequest) -> str | None:
    """The `--store` of the session's mock: memory (None), or a fresh PostgreSQL database."""
    if request.param == "memory":
        return None
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(scope="session")
def contactkit_server(
    contactkit_settings: dict[str, Any], contactkit_store: str | None
) -> Iterator[MockServer]:
    """The plugin's session mock, on the store of this parametrization."""
    with MockServer(**contactkit_settings, store=contactkit_store) as server:
        yield server


# The mock's HTTP tests (tests/test_mock_*.py) --------------------------------------------------


@pytest.fixture
def api(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock, sending organization A's key."""
    with contactkit_mock.client() as client:
        yield client


@pytest.fixture
def api_b(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock, sending organization B's key."""
    with contactkit_mock.client(contactkit_mock.other_api_key) as client:
        yield client


@pytest.fixture
def client_api(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock's client contacts API, with Souk Digital's admin key."""
    with contactkit_mock.client(api="client-contacts") as client:
        yield client


@pytest.fixture
def client_api_b(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock's client contacts API, with Atlas Logistics' key."""
    with contactkit_mock.client(contactkit_mock.other_client_api_key, api="client-contacts") as c:
        yield c


@pytest.fixture
def anonymous(contactkit_mock: MockServer) -> Iterator[httpx.Client]:
    """An HTTP client of the reset mock sending no API key."""
    with httpx.Client(base_url=contactkit_mock.url) as client:
        yield client


@pytest.fixture
def no_5xx(contactkit_mock: MockServer) -> Iterator[None]:
    """Fail the test if the mock answered any API request of it with a 5xx (journal check)."""
    yield
    failures = [e for e in contactkit_mock.journal() if e["status"] >= 500]
    assert not failures, f"the mock answered 5xx: {failures}"


@pytest.fixture
def spawn_mock(tmp_path: Path) -> Iterator[Callable[..., MockProcess]]:
    """Start mock subprocesses (`spawn_mock("--profile", "empty")`); SIGTERM them at the end.

    Each listens on its own free port and is returned once GET /__admin/info answers; pass
    `command=[...]` to start something else than `contactkit mock` (it gets `--port N`).
    """
    started: list[MockProcess] = []

    def spawn(*args: str, command: list[str] | None = None, timeout: float = 60) -> MockProcess:
        port = free_port()
        log = tmp_path / f"mock-{port}.log"
        argv = [*(command or mock_command()), "--port", str(port), *args]
        with log.open("wb") as sink:
            process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT)
        running = MockProcess(process, f"http://127.0.0.1:{port}", log)
        started.append(running)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the mock exited with {process.returncode}:\n{running.output()}")
            try:
                # 401: up, and started with --admin-token.
                if httpx.get(f"{running.url}/__admin/info", timeout=2).status_code in (200, 401):
                    return running
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        pytest.fail(f"the mock did not answer within {timeout} s:\n{running.output()}")

    yield spawn
    for running in started:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            try:
                running.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                running.process.kill()
                running.process.wait()


# The staging-like server of the contract-safety tests (tests/servers/) -------------------------


@pytest.fixture
def staging_like() -> Iterator[Callable[..., StagingLike]]:
    """Start staging-like servers (`staging_like(Choices(latency=0.1))`); stop them at the end."""
    started: list[StagingLike] = []

    def start(choices: Choices | None = None) -> StagingLike:
        server = StagingLike(choices).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)
