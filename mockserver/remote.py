"""A mock running elsewhere, driven over HTTP, in a sandbox of its own: `RemoteMock`.

The pytest plugin uses it for `--contactkit-url`: parallel CI jobs against one shared mock
each get a sandbox (an isolated copy of the data, its own journal and faults), so they never
see each other's writes. It offers what `testing.MockServer` offers, through the admin API.
"""

from __future__ import annotations

import contextlib
import uuid
from types import TracebackType
from typing import Any, Self

import httpx

from mockserver.apis import APIS
from mockserver.sandboxes import HEADER

DEFAULT_KEY = "test-key-org-a"
OTHER_KEY = "test-key-org-b"
CLIENT_KEY = "test-client-key-a"
OTHER_CLIENT_KEY = "test-client-key-b"


class MockClients:
    """The keys of the seeded organizations, and HTTP clients of the mock at `url`."""

    api_key, other_api_key = DEFAULT_KEY, OTHER_KEY
    # The client contacts API's keys (header `api-key`).
    client_api_key, other_client_api_key = CLIENT_KEY, OTHER_CLIENT_KEY

    @property
    def url(self) -> str:
        """Return the base URL, e.g. http://127.0.0.1:41234."""
        raise NotImplementedError

    def headers(self) -> dict[str, str]:
        """Return the headers every client sends besides its key (a remote mock's sandbox)."""
        return {}

    def start(self) -> object:
        """Start (or connect to) the mock and return once it answers."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop (or leave) the mock."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def client(
        self, api_key: str | None = None, *, api: str = "gomobile", **options: Any
    ) -> httpx.Client:
        """Return an httpx client for `api` on this server, sending `api_key` (else its default).

        `api` is "gomobile" (header x-api-key) or "client-contacts" (header api-key).
        """
        header = next(a.key_header for a in APIS if a.name == api)
        default = self.client_api_key if api == "client-contacts" else self.api_key
        headers = {**self.headers(), header: api_key or default}
        return httpx.Client(base_url=self.url, headers=headers, **options)


def session_sandbox() -> str:
    """Return a sandbox name no other test session uses ("pytest-" and 16 random hex digits)."""
    return f"pytest-{uuid.uuid4().hex[:16]}"


class RemoteMock(MockClients):
    """A mock at `url` (`contactkit mock` anywhere), used through sandbox `sandbox`."""

    def __init__(
        self,
        url: str,
        sandbox: str | None = None,
        admin_token: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._url = url.rstrip("/")
        self.sandbox = sandbox or session_sandbox()
        admin_headers = {HEADER: self.sandbox}
        if admin_token:
            admin_headers["x-admin-token"] = admin_token
        self._admin = httpx.Client(
            base_url=f"{self._url}/__admin", headers=admin_headers, timeout=timeout
        )

    @property
    def url(self) -> str:
        """Return the mock's base URL."""
        return self._url

    def headers(self) -> dict[str, str]:
        """Return the sandbox header every client sends."""
        return {HEADER: self.sandbox}

    def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        """Call the admin API in the sandbox; RuntimeError with the mock's answer on a refusal."""
        try:
            response = self._admin.request(method, path, **options)
        except httpx.TransportError as error:
            raise RuntimeError(f"the mock at {self._url} does not answer: {error}") from None
        if response.is_error:
            raise RuntimeError(
                f"the mock at {self._url} refused {method} /__admin{path} "
                f"({response.status_code}): {response.text}"
            )
        return response

    def start(self) -> RemoteMock:
        """Open the sandbox (the mock seeds it) and return once it answers."""
        self._call("GET", "/info")
        return self

    def stop(self) -> None:
        """Drop the sandbox, so that it does not count against the mock's --max-sandboxes."""
        # A mock that is gone took the sandbox with it.
        with contextlib.suppress(httpx.TransportError):
            self._admin.delete(f"/sandboxes/{self.sandbox}")
        self._admin.close()

    def reset(self, **settings: Any) -> None:
        """Reset the sandbox to its seed (or reseed it with `settings`); clears journal, faults."""
        if settings:
            self._call("POST", "/reseed", json=settings)
        else:
            self._call("POST", "/reset")

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """Return the sandbox's journal entries matching the filters (method, path, ...)."""
        params = {k: v for k, v in filters.items() if v is not None}
        entries: list[dict[str, Any]] = self._call("GET", "/journal", params=params).json()[
            "entries"
        ]
        return entries

    def inject_fault(self, operation_id: str, status: int | None = None, **options: Any) -> None:
        """Make `operation_id` answer `status` and/or wait, in this sandbox only."""
        self._call(
            "POST", "/faults", json={"operationId": operation_id, "status": status, **options}
        )
