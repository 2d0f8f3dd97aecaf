"""Connexion's Swagger UI middleware, walked only by requests for the docs it serves.

Connexion's SwaggerUIMiddleware routes every request through a Starlette router of its own
(a mount per API, each with the docs page, its config and static files) before handing
anything it does not serve to the API's router: a walk of regular expressions per request
for pages almost no request asks for. This subclass collects, once, the path prefixes its
router serves and passes every other request straight on, as the router's default would.
"""

from __future__ import annotations

from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import Receive, Scope, Send


def _prefixes(routes: list[BaseRoute], base: str = "") -> list[str]:
    """Return the path prefix of every route under `routes` (a parameter ends a prefix)."""
    found: list[str] = []
    for route in routes:
        if isinstance(route, Mount):
            found += _prefixes(route.routes, base + route.path) or [base + route.path]
        elif isinstance(route, Route):
            found.append((base + route.path).split("{", 1)[0].rstrip("/") or "/")
    return found


class DocsOnlySwaggerUI(SwaggerUIMiddleware):
    """Serves the Swagger UI routes; everything else goes on without a walk of its router."""

    _served: tuple[str, ...] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route docs requests as Connexion does; pass every other request on."""
        if self._served is None:  # the APIs are added when the stack is built, so on first use
            self._served = tuple(sorted(set(_prefixes(self.router.routes))))
        if scope["type"] == "http" and not scope["path"].startswith(self._served):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
