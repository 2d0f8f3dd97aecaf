"""Run the mock in the background of any program: `with MockServer(seed=7) as mock: ...`."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import httpx
import uvicorn

from mockserver.faults import Fault
from mockserver.quiet import connexion_imports

# The seeded keys, importable from here as before the remote mock moved them.
from mockserver.remote import CLIENT_KEY, DEFAULT_KEY, OTHER_CLIENT_KEY, OTHER_KEY, MockClients
from mockserver.sandboxes import DEFAULT_MAX, DEFAULT_TTL
from mockserver.state import SeedSettings, State
from mockserver.store import open_backend

with connexion_imports():
    from mockserver.app import AppOptions, create_app


__all__ = ["CLIENT_KEY", "DEFAULT_KEY", "OTHER_CLIENT_KEY", "OTHER_KEY", "MockServer"]


class MockServer(MockClients):
    """A real mock server on a free loopback port, served from a background thread."""

    def __init__(
        self,
        seed: int = 1,
        profile: str = "default",
        *,
        contacts: int | None = None,
        audiences: int | None = None,
        validate_responses: bool = True,
        journal_size: int = 1000,
        start_timeout: float = 30.0,
        store: str | None = None,
        max_sandboxes: int = DEFAULT_MAX,
        sandbox_ttl: float = DEFAULT_TTL,
    ) -> None:
        settings = SeedSettings(seed, profile, contacts, audiences)
        # store: None (memory) or a postgresql:// URL (`contactkit mock --store`).
        self.state = State(
            settings=settings, journal_size=journal_size, backend=open_backend(store)
        )
        options = AppOptions(
            validate_responses=validate_responses,
            max_sandboxes=max_sandboxes,
            sandbox_ttl=sandbox_ttl,
        )
        self.app = create_app(self.state, options)
        self._timeout = start_timeout
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Return the base URL, e.g. http://127.0.0.1:41234."""
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> MockServer:
        """Start serving and return once the server answers HTTP."""
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            if self._server is not None and self._server.started:
                httpx.get(f"{self.url}/__admin/info", timeout=5).raise_for_status()
                return
            if self._thread is not None and not self._thread.is_alive():
                break
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"the mock did not start within {self._timeout} s")

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=self._timeout)
        self._socket.close()
        self.state.backend.close()
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError(f"the mock did not stop within {self._timeout} s")

    def reset(self, **settings: Any) -> None:
        """Go back to the seed data; clears journal and faults.

        Settings given (seed, profile, contacts, audiences) replace the current ones first;
        contacts/audiences None mean the profile's counts.
        """
        if settings:
            self.state.reseed(**settings)
        else:
            self.state.reset()

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """Return the journal entries matching the filters (method, path, operationId, ...)."""
        return self.state.journal.entries(filters)

    def inject_fault(self, operation_id: str, status: int | None = None, **options: Any) -> None:
        """Make `operation_id` answer `status` and/or wait (latencyMs, probability, times)."""
        self.state.faults.set(Fault(operationId=operation_id, status=status, **options))
