"""Sandboxes: isolated copies of the mock's data, chosen per request by a header.

A request with `x-contactkit-sandbox: NAME` is served from sandbox NAME: its own data, journal
and faults, seeded like the default data on first use. Without the header a request is served
from the default data, as if sandboxes did not exist. The book (`Sandboxes`) keeps the open
sandboxes of this process, each a `State` with its own handlers; the backend's registry
(`store.sandboxes`) says which exist, so on PostgreSQL every replica serves the same ones.
The rules, handlers and queries are the same code for every sandbox: only the state differs.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from mockserver.clock import iso
from mockserver.errors import BadRequest
from mockserver.state import State

HEADER = "x-contactkit-sandbox"
NAME = re.compile(r"[A-Za-z0-9_.-]{1,48}")
DEFAULT_MAX = 100
DEFAULT_TTL = 3600.0
# How often idle sandboxes are looked for at most (seconds), and at least a few times per TTL.
SWEEP_EVERY = 60.0

Operations = dict[str, Callable[..., Any]]


@dataclass(frozen=True)
class Sandbox:
    """One copy of the data (None: the default) and the handlers that serve it."""

    name: str | None
    state: State
    operations: Operations


_current: ContextVar[Sandbox | None] = ContextVar("contactkit_sandbox", default=None)


def check_name(name: str) -> str:
    """Return `name` if it may name a sandbox; BadRequest saying what may otherwise."""
    if NAME.fullmatch(name) is None:
        raise BadRequest(
            f"Invalid {HEADER} header {name!r}: a sandbox name is 1 to 48 characters "
            "of A-Z, a-z, 0-9, '_', '.' and '-'"
        )
    return name


class Sandboxes:
    """The book of sandboxes: the default data, and every sandbox this process has open."""

    def __init__(self, default: State, limit: int = DEFAULT_MAX, ttl: float = DEFAULT_TTL) -> None:
        self.limit, self.ttl = limit, ttl
        self._default_state = default
        self._registry = default.backend.sandboxes()
        self._make_operations: Callable[[State], Operations] = lambda state: {}
        self._default = Sandbox(None, default, {})
        self._open: dict[str, Sandbox] = {}
        self._next_sweep = time.monotonic() + self._sweep_interval()

    def serve_with(self, make_operations: Callable[[State], Operations]) -> None:
        """Set how the handlers of a state are made (the app's, for every hosted API)."""
        self._make_operations = make_operations
        self._default = Sandbox(None, self._default_state, make_operations(self._default_state))

    def current(self) -> Sandbox:
        """Return the sandbox the request being served named, or the default."""
        return _current.get() or self._default

    def handler(self, operation_id: str) -> Callable[..., Any]:
        """Return the handler of `operation_id` that serves the request's sandbox."""
        default = self._default.operations[operation_id]

        @functools.wraps(default)
        def serve(*args: Any, **kwargs: Any) -> Any:
            sandbox = _current.get()
            if sandbox is None:
                return default(*args, **kwargs)
            return sandbox.operations[operation_id](*args, **kwargs)

        return serve

    def enter(self, sandbox: Sandbox) -> Callable[[], None]:
        """Serve the current request from `sandbox`; return how to leave it."""
        token = _current.set(sandbox)
        return lambda: _current.reset(token)

    def select(self, name: str) -> Sandbox:
        """Return sandbox `name`, created and seeded if it does not exist; mark it used."""
        check_name(name)
        sandbox = self._open.get(name)
        if sandbox is not None and self._registry.touch(name):
            return sandbox
        # Not open here, or dropped meanwhile (by another replica): open it from the store.
        backend = self._default_state.backend.sandbox(name)
        with backend.lock():
            if not self._registry.touch(name):
                self._registry.add(name, self.limit)
            return self._attach(name, self._default_state.sandbox(backend))

    def _attach(self, name: str, state: State) -> Sandbox:
        """Keep `state` open as sandbox `name`, with handlers of its own."""
        sandbox = Sandbox(name, state, self._make_operations(state))
        self._open[name] = sandbox
        return sandbox

    def listing(self) -> list[dict[str, Any]]:
        """Return every sandbox: name, created, last used, and its data's counts."""
        self.sweep()
        return [
            {
                "name": entry.name,
                "created": iso(entry.created),
                "lastUsed": iso(entry.last_used),
                "counts": self._counts(entry.name),
            }
            for entry in self._registry.entries()
        ]

    def _counts(self, name: str) -> dict[str, int]:
        """Return how many active records of each kind sandbox `name` holds."""
        sandbox = self._open.get(name)
        if sandbox is None:  # another replica's: its data is in the shared store
            backend = self._default_state.backend.sandbox(name)
            sandbox = self._attach(name, self._default_state.sandbox(backend))
        state = sandbox.state
        totals: dict[str, int] = {}
        with state.lock:
            for org in state.fixtures.organizations:
                for kind, count in state.datasets[org.api].counts(org.id).items():
                    totals[kind] = totals.get(kind, 0) + count
        return totals

    def drop(self, name: str) -> bool:
        """Drop sandbox `name` and its data; return whether it existed."""
        self._open.pop(name, None)
        return self._registry.remove(name)

    def reset(self) -> None:
        """Drop every sandbox; the default data stays as it is."""
        for entry in self._registry.entries():
            self.drop(entry.name)
        self._open.clear()

    def sweep_if_due(self) -> None:
        """Drop the sandboxes idle past the TTL, if they were not looked for lately."""
        if time.monotonic() >= self._next_sweep:
            self.sweep()

    def sweep(self) -> None:
        """Drop the sandboxes idle past the TTL; forget those another replica dropped."""
        self._next_sweep = time.monotonic() + self._sweep_interval()
        for name in self._registry.idle(self.ttl):
            self.drop(name)
        existing = {entry.name for entry in self._registry.entries()}
        for name in set(self._open) - existing:
            del self._open[name]

    def _sweep_interval(self) -> float:
        """Return the time between two sweeps: a sandbox lives at most a quarter TTL too long."""
        return min(SWEEP_EVERY, self.ttl / 4)
