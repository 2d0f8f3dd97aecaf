"""Sandboxes over HTTP: the header that selects one, and the admin operations that list them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.errors import NotFound
from mockserver.sandboxes import HEADER, Sandbox, Sandboxes
from mockserver.state import State

# Where the selected sandbox is left for the middleware outside (the journal).
EXTENSION = "contactkit_sandbox"
_HEADER = HEADER.encode()

Response = tuple[Any, int]


def sandbox_name(scope: Scope) -> str | None:
    """Return the request's sandbox header, or None."""
    for key, value in scope["headers"]:
        if key == _HEADER:
            return str(value.decode("latin-1"))
    return None


def state_of(scope: Scope, book: Sandboxes) -> State:
    """Return the state the request was served from (its sandbox's, or the default)."""
    sandbox: Sandbox | None = scope.get("extensions", {}).get(EXTENSION)
    return sandbox.state if sandbox is not None else book.current().state


class SandboxSelector:
    """Serves each request from the sandbox its header names (created on first use).

    The sandboxes' own admin paths (`skip`) ignore the header: listing or deleting sandboxes
    must not create one. Every request also gives the book a chance to drop idle sandboxes.
    """

    def __init__(self, app: ASGIApp, book: Sandboxes, skip: str) -> None:
        self.app, self.book, self.skip = app, book, skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request from its sandbox."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.book.sweep_if_due()
        name = sandbox_name(scope)
        if name is None or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        sandbox = self.book.select(name)
        scope.setdefault("extensions", {})[EXTENSION] = sandbox
        leave = self.book.enter(sandbox)
        try:
            await self.app(scope, receive, send)
        finally:
            leave()


class SandboxAdminHandlers:
    """The admin operations on the book of sandboxes (the same whatever the header)."""

    def __init__(self, book: Sandboxes) -> None:
        self._book = book

    def operations(self) -> dict[str, Callable[..., Response]]:
        """Return the handler of each sandbox operationId in openapi/mock-admin.yaml."""
        return {
            "listSandboxes": self.list_sandboxes,
            "deleteSandboxes": self.delete_sandboxes,
            "deleteSandbox": self.delete_sandbox,
        }

    def list_sandboxes(self) -> Response:
        """GET /__admin/sandboxes."""
        return {"sandboxes": self._book.listing()}, 200

    def delete_sandboxes(self) -> Response:
        """DELETE /__admin/sandboxes."""
        self._book.reset()
        return None, 204

    def delete_sandbox(self, name: str) -> Response:
        """DELETE /__admin/sandboxes/{name}."""
        if not self._book.drop(name):
            raise NotFound(f"No sandbox named {name!r}")
        return None, 204
