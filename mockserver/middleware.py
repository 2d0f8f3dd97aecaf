"""ASGI middleware around the APIs: journal, fault injection, request guard, admin guard.

Connexion has no hook for any of these; each is a small ASGI wrapper placed in Connexion's
middleware stack (see `mockserver.app`), and raises our errors so that the one error handler
renders them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver import jsondoc
from mockserver.apis import api_for_path
from mockserver.errors import (
    BadRequest,
    Forbidden,
    InjectedFault,
    MethodNotAllowed,
    PayloadTooLarge,
    Unauthorized,
)
from mockserver.routes import RouteTable
from mockserver.sandbox_http import state_of
from mockserver.sandboxes import Sandboxes
from mockserver.state import Caller

ROUTING = "connexion_routing"
_CONTROL = re.compile("[\x00-\x1f\x7f]")
JOURNAL_BODY_BYTES = 64 * 1024
UNRECORDED = ("/__admin", "/docs", "/openapi")


def operation_id(scope: Scope) -> str | None:
    """Return the operationId Connexion routed the request to, if any."""
    routing: dict[str, Any] = scope.get("extensions", {}).get(ROUTING, {})
    return routing.get("operation_id")


def _authenticated(scope: Scope) -> Caller | None:
    """Return the caller Connexion's security resolved for this request, if it ran."""
    context = scope.get("extensions", {}).get("connexion_context", {})
    caller: Caller | None = context.get("token_info", {}).get("caller")
    return caller


class FaultInjector:
    """Delays or fails requests of the operations the admin API named."""

    def __init__(self, app: ASGIApp, book: Sandboxes) -> None:
        self.app, self.book = app, book

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Apply the fault drawn for this request's operation (in its sandbox), then serve it."""
        faults = state_of(scope, self.book).faults
        fault = faults.draw(operation_id(scope)) if scope["type"] == "http" else None
        if fault is not None:
            if fault.latencyMs:
                await asyncio.sleep(fault.latencyMs / 1000)
            if fault.status is not None:
                # Read the body the request came with, though nothing will use it: the journal
                # records what passes through `receive`, and a test wants to see what was sent.
                await _drain(receive)
                message = f"Injected fault: {fault.operationId} answers {fault.status}"
                raise InjectedFault(message, fault.status)
        await self.app(scope, receive, send)


async def _drain(receive: Receive) -> None:
    """Receive the request body to its end."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


class RequestGuard:
    """Refuses what no route may see: control characters, undeclared methods, big bodies.

    Starlette's route patterns let a trailing newline through (`%0A` in a path parameter),
    and Connexion then fails inside the handler with a 500; and PUT /api/contact/upsert
    would reach the PUT of /api/contact/{id}, though the concrete path allows only POST.
    `large` gives some paths a limit of their own: an import takes the mock's whole export.
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        routes: RouteTable,
        large: dict[str, int] | None = None,
    ) -> None:
        self.app, self.limit, self.routes, self.large = app, limit, routes, large or {}

    @staticmethod
    def _too_large(limit: int) -> PayloadTooLarge:
        return PayloadTooLarge(f"Request body is larger than {limit} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, raising PayloadTooLarge once its body passes the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        if _CONTROL.search(path):
            raise BadRequest("The path contains control characters")
        allowed = self.routes.allowed_methods(path)
        if allowed and method not in allowed:
            raise MethodNotAllowed(f"Cannot {method} {path}", allowed)
        limit = self.large.get(path, self.limit)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(limit)
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise self._too_large(limit)
            return message

        await self.app(scope, limited, send)


class AdminGuard:
    """Guards the admin API: no call from a foreign origin, and the token when one is set.

    CSRF: a web page open in the developer's browser can send a "simple" POST (no preflight)
    to /__admin/reset on loopback. Browsers tell where a request comes from (`Origin`,
    `Sec-Fetch-Site`); curl and scripts send neither. So an admin call is served when it names
    no origin, or this mock's own origin reached by a loopback name (its /docs page), and
    refused (403) otherwise: a foreign site, another port, or a DNS-rebound name.
    """

    def __init__(self, app: ASGIApp, prefix: str, token: str | None) -> None:
        self.app, self.prefix, self.token = app, prefix, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse admin calls from elsewhere or without the right token, serve everything else."""
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            headers = Headers(scope=scope)
            refusal = foreign_origin(headers)
            if refusal:
                raise Forbidden(
                    f"The admin API refuses cross-origin requests ({refusal}): call it from "
                    "curl, a script or this mock's own pages"
                )
            given = headers.get("x-admin-token", "")
            if self.token and not secrets.compare_digest(given.encode(), self.token.encode()):
                raise Unauthorized("The admin API needs the x-admin-token header (--admin-token)")
        await self.app(scope, receive, send)


def foreign_origin(headers: Headers) -> str | None:
    """Return what makes a request cross-origin (`Origin: http://evil.test`), or None."""
    site = headers.get("sec-fetch-site")
    if site not in (None, "same-origin", "none"):
        return f"Sec-Fetch-Site: {site}"
    origin = headers.get("origin")
    if origin is None:
        return None
    own = f"http://{headers.get('host', '')}"
    host = urlsplit(origin).hostname or ""
    if origin.rstrip("/") != own or not is_loopback_name(host):
        return f"Origin: {origin}"
    return None


def is_loopback_name(host: str) -> bool:
    """Tell whether `host` (a URL's hostname) always means this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class JournalRecorder:
    """Writes one journal entry per API request, with the status it was answered with."""

    def __init__(self, app: ASGIApp, book: Sandboxes, skip: tuple[str, ...] = UNRECORDED) -> None:
        self.app, self.book, self.skip = app, book, skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, then record it."""
        if scope["type"] != "http" or scope["path"].startswith(self.skip):
            await self.app(scope, receive, send)
            return
        # Connexion copies the scope further in; a shared extensions dict lets us read the route.
        scope.setdefault("extensions", {})
        body, status, started = bytearray(), [500], time.perf_counter()

        async def capture_receive() -> Message:
            message = await receive()
            if len(body) < JOURNAL_BODY_BYTES:
                body.extend(message.get("body", b"")[: JOURNAL_BODY_BYTES - len(body)])
            return message

        recorded = False

        def record() -> None:
            nonlocal recorded
            if not recorded:
                recorded = True
                journal = state_of(scope, self.book).journal
                journal.record(self._entry(scope, bytes(body), status[0], started))

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Before the client can have the whole response: a test that reads the journal
                # right after its request must find the request there.
                record()
            await send(message)

        try:
            await self.app(scope, capture_receive, capture_send)
        finally:
            record()

    def _entry(self, scope: Scope, body: bytes, status: int, started: float) -> dict[str, Any]:
        state = state_of(scope, self.book)
        api = api_for_path(scope["path"])
        api_key = Headers(scope=scope).get(api.key_header)
        # Who Connexion's security resolved, else (a request refused before security ran)
        # the key looked up again. A key of another API names no organization of this one.
        caller = _authenticated(scope) or (state.caller(api_key, api.name) if api_key else None)
        return {
            "time": state.clock.wall(),
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "operationId": operation_id(scope),
            "apiKey": api_key,
            "organizationId": caller.organization_id if caller else None,
            "status": status,
            "durationMs": round((time.perf_counter() - started) * 1000, 3),
            "body": _body_value(body),
        }


def _body_value(body: bytes) -> Any:
    """Return a request body as JSON if the mock could take it, else as text, else None."""
    if not body:
        return None
    try:
        return jsondoc.decode(body)
    except BadRequest:
        return body.decode("utf-8", errors="replace")
