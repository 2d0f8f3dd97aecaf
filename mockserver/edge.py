"""The first guards a request meets, before Connexion routes it: what no route may see.

They sit inside Connexion's exception middleware (so that what they raise is answered in the
API's error format) and before its routers, because the routers are where these go wrong:

- A doubled slash (`//api/contact`) makes Starlette build the request URL with `api` as its
  host, and Connexion then fails outside its operation context (a 500). The vendor's servers
  (NestJS) have no such route either: 404, for every method.
- Starlette's routers redirect `/api/contact/` to `/api/contact` with an absolute `Location`
  built from the `Host` header, which the client chose: the Location is made relative.
- uvicorn times out idle connections but not a body that stops arriving: each read of the
  body must come within `body_timeout` seconds, else 408 and the connection is closed.

Cross-origin requests: Starlette's CORS middleware answers for the vendor APIs only
(`CORSOutsideAdmin`); the admin API refuses foreign origins (`middleware.AdminGuard`).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.errors import NotFound, RequestTimeout

DEFAULT_BODY_TIMEOUT = 10.0
_SLASHES = re.compile(r"/{2,}")


def collapsed(path: str) -> str:
    """Return `path` with every run of slashes made one (to tell which API it is about)."""
    return _SLASHES.sub("/", path)


class EdgeGuard:
    """Refuses doubled slashes and stalled bodies; keeps redirects relative."""

    def __init__(self, app: ASGIApp, body_timeout: float = DEFAULT_BODY_TIMEOUT) -> None:
        self.app, self.body_timeout = app, body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request unless its path has an empty segment."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if "//" in path:
            # Worded like every other unknown path (NestJS's), which shows the doubled slash.
            raise NotFound(f"Cannot {scope['method']} {path}")
        await self.app(scope, self._timed(receive), _relative_redirects(send))

    def _timed(self, receive: Receive) -> Receive:
        """Return `receive`, raising RequestTimeout when the body stalls before its end."""
        complete = False

        async def timed() -> Message:
            nonlocal complete
            if complete:  # after the body, a read waits for the disconnect: no limit
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise RequestTimeout(
                    f"The request body stalled: no bytes for {self.body_timeout:g} s; "
                    "send the whole body promptly, with a Content-Length that matches it"
                ) from None
            complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        return timed


def _relative_redirects(send: Send) -> Send:
    """Return `send`, rewriting an absolute redirect Location to its path and query."""

    async def relative(message: Message) -> None:
        if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
            headers = [
                (name, _relative(value) if name.lower() == b"location" else value)
                for name, value in message.get("headers", [])
            ]
            message = {**message, "headers": headers}
        await send(message)

    return relative


def _relative(location: bytes) -> bytes:
    parts = urlsplit(location.decode("latin-1"))
    path = "/" + parts.path.lstrip("/")
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


class CORSOutsideAdmin:
    """Starlette's CORS middleware for every path but the admin API's, which gets no CORS."""

    def __init__(self, app: ASGIApp, admin_prefix: str, **options: Any) -> None:
        self.app, self.admin_prefix = app, admin_prefix
        self.cors = CORSMiddleware(app, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer CORS for the vendor APIs; pass admin requests by untouched."""
        admin = scope["type"] == "http" and collapsed(scope["path"]).startswith(self.admin_prefix)
        await (self.app if admin else self.cors)(scope, receive, send)
