"""A staging-like Gomobile server with data of its own and undocumented destructive routes.

Written for the contract-safety tests, independently of `mockserver` (Starlette routes,
openapi-core request validation against `openapi/gomobile.yaml`, its own storage in
`staging_data`). Beside the documented operations it has what a real staging server may
have and the spec does not show: `DELETE /api/contact` and `DELETE /api/audience` delete
every record of the caller's organization, `PUT /api/contact` overwrites them all,
`PATCH /api/contact/{id}` changes one, `DELETE /api/audience/{id}/contacts` empties an
audience. A suite that sends any of these with a valid key destroys data it did not create.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

import uvicorn
import yaml
from email_validator import EmailNotValidError, validate_email
from openapi_core import Config, OpenAPI
from openapi_core.contrib.starlette import StarletteOpenAPIRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contactkit.resources import spec_file
from servers.staging_data import KEYS, Choices, Store
from servers.staging_data import Request as Seen
from servers.staging_rules import Rules, error

Handler = Callable[[Request], Awaitable[Response]]
MAX_BODY = 1 << 20
STALL = 5.0  # seconds a stalled server keeps a request waiting (past any test's timeout)
IGNORED = ("Security", "EmptyQueryParameterValue")


def _messages(errors: list[Exception]) -> list[str]:
    """Return one message per invalid field, naming it (data.1.primaryPhone, limit, ...)."""
    found = []
    for problem in errors:
        cause = problem.__cause__ or problem
        name = getattr(problem, "name", None)
        for inner in getattr(cause, "schema_errors", None) or [cause]:
            path = ".".join(str(p) for p in getattr(inner, "path", [])) or name
            text = getattr(inner, "message", str(inner))
            found.append(f"{path} {text}" if path else text)
    return found


def _openapi(choices: Choices) -> OpenAPI:
    """Return the spec for request validation, served from any host (its servers dropped).

    The channel types take this server's own limit.
    """
    with spec_file("gomobile.yaml").open(encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    document["components"]["schemas"]["ChannelTypes"]["maxItems"] = choices.max_channels
    # "valid email" (vendor document 000) by a library of its own, not the mock's rule.
    config = Config(extra_format_validators={"email": _is_email})
    return OpenAPI.from_dict({**document, "servers": [{"url": "/"}]}, config=config)


def _is_email(value: object) -> bool:
    """Tell whether `value` is an address email-validator accepts (no DNS, .test allowed)."""
    if not isinstance(value, str):
        return True  # a format constrains strings only; the type check refuses the rest
    try:
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def _ignored(problem: Exception) -> bool:
    """Tell whether a validation error is one this server does not answer 400 to."""
    causes = (problem, problem.__cause__)
    return any(type(c).__name__.startswith(IGNORED) for c in causes if c is not None)


class StagingLike:
    """The server's Starlette app and its state; `with StagingLike() as server:` serves it."""

    def __init__(self, choices: Choices | None = None) -> None:
        self.choices = choices or Choices()
        self.store = Store(self.choices)
        self.refused_methods: set[str] = set()  # answered 503 (a test sets it while serving)
        self.rules = Rules(self.store, self.choices)
        self.openapi = _openapi(self.choices)
        self.app = Starlette(routes=self._routes())
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Return the base URL."""
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def _routes(self) -> list[Route]:
        table = self.rules.routes(self.choices.destructive_routes)
        return [
            Route(path, self._endpoint(handlers), methods=list(handlers))
            for path, handlers in table.items()
        ]

    def _endpoint(self, handlers: dict[str, Callable[..., Response]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            return await self._serve(request, handlers)

        return endpoint

    def _refusal(self, request: Request, seen: int) -> Response | None:
        """Return the answer of a sick or gated server, if this request gets one."""
        choices = self.choices
        if choices.fail_status or request.method in self.refused_methods:
            return error(choices.fail_status or 503, "the server is failing on purpose")
        if choices.fail_after is not None and seen > choices.fail_after:
            return error(503, "the server went down")
        gateway = choices.gateway
        if gateway and request.headers.get(gateway[0]) != gateway[1]:
            return error(403, f"the gateway needs {gateway[0]}")
        return None

    async def _serve(
        self, request: Request, handlers: dict[str, Callable[..., Response]]
    ) -> Response:
        key = request.headers.get("x-api-key")
        seen = Seen(request.method, request.url.path, key, time.monotonic(), dict(request.headers))
        with self.store.lock:
            self.store.requests.append(seen)
            count = len(self.store.requests)
        stalled = self.choices.stall_after is not None and count > self.choices.stall_after
        if self.choices.latency or stalled:
            await asyncio.sleep(STALL if stalled else self.choices.latency)
        if (refused := self._refusal(request, count)) is not None:
            return refused
        org = KEYS.get(key or "")
        if org is None:
            return error(401, "Invalid or missing API key")
        body = await request.body()
        if len(body) > MAX_BODY:
            return error(413, "request entity too large")
        handler = handlers[request.method]
        documented = getattr(handler, "documented", True)
        parsed, problem = self._validated(request, body) if documented else (None, None)
        if problem is not None:
            return problem
        with self.store.lock:
            response = handler(org, request.path_params, dict(request.query_params), parsed)
        if self.choices.write_latency and request.method != "GET":
            await asyncio.sleep(self.choices.write_latency)
        return response

    def _validated(self, request: Request, body: bytes) -> tuple[Any, Response | None]:
        if body and "json" not in request.headers.get("content-type", ""):
            return None, error(415, "Content-Type must be application/json")
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            return None, error(400, "the body is not JSON")
        result = self.openapi.unmarshal_request(StarletteOpenAPIRequest(request, body or None))
        # Security is checked before (401 first); an empty ?search= means no search here.
        errors = [e for e in result.errors if not _ignored(e)]
        if errors:
            return None, error(400, _messages(errors))
        return parsed, None

    def dump(self, ids: set[str] | None = None) -> str:
        """Return the stored records (all, or those with `ids`) as canonical JSON."""
        return self.store.dump(ids)

    def keyed_requests(self, key: str) -> list[tuple[str, str]]:
        """Return (method, path) of every request that carried `key`."""
        with self.store.lock:
            return [(r.method, r.path) for r in self.store.requests if r.key == key]

    def requests(self) -> list[Seen]:
        """Return every request the server got, oldest first."""
        with self.store.lock:
            return list(self.store.requests)

    def __enter__(self) -> StagingLike:
        self._socket.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the staging-like server did not start within 30 s")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._socket.close()
