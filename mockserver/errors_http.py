"""Every error, ours or Connexion's, rendered in the API's error format: the one mapping."""

from __future__ import annotations

import json
import logging

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

from mockserver.apis import api_for_path
from mockserver.edge import collapsed
from mockserver.errors import (
    BadRequest,
    MethodNotAllowed,
    MockError,
    NotFound,
    PayloadTooLarge,
    Unauthorized,
    UnsupportedMediaType,
    extra_headers,
    http_status,
    reason_phrase,
)
from mockserver.routes import RouteTable

logger = logging.getLogger(__name__)


def _path(request: ConnexionRequest) -> str:
    """Return the path as sent: Starlette's `request.url` takes `//api/x` for host `api`."""
    return str(request.scope.get("path") or request.url.path)


def _from_framework(request: ConnexionRequest, error: Exception, routes: RouteTable) -> MockError:
    """Translate Connexion's and Starlette's exceptions into ours, worded for API clients."""
    status = int(getattr(error, "status", None) or getattr(error, "status_code", None) or 500)
    method, path = request.method, _path(request)
    detail = str(getattr(error, "detail", "") or "")
    if status == 401:
        missing = "No authorization token" in detail
        header = api_for_path(path).key_header
        return Unauthorized(
            f"Missing API key: send it in the {header} header" if missing else "Invalid API key"
        )
    # 3xx: a router redirect (to a merged or slash-less path) that no route of ours answers.
    if status in (404, 405) or 300 <= status < 400:
        allowed = routes.allowed_methods(path)
        if allowed and method not in allowed:
            return MethodNotAllowed(f"Cannot {method} {path}", allowed)
        return NotFound(f"Cannot {method} {path}")
    if status == 413:
        return PayloadTooLarge(detail or "Request body is too large")
    if status == 415:
        return UnsupportedMediaType(detail or "Request body must be application/json")
    if 400 <= status < 500:
        return BadRequest(detail or reason_phrase(status))
    logger.error("Unexpected error on %s %s", method, path, exc_info=error)
    return MockError("Internal server error")


def error_handler(routes: RouteTable):  # type: ignore[no-untyped-def]
    """Return the handler Connexion calls for every exception raised while serving."""

    def handle(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        mock_error = (
            error if isinstance(error, MockError) else _from_framework(request, error, routes)
        )
        status = http_status(mock_error)
        # Each API answers in its own error format; the admin API in Gomobile's.
        body = api_for_path(collapsed(_path(request))).error_body(status, mock_error.messages)
        return ConnexionResponse(
            status_code=status,
            mimetype="application/json",
            content_type="application/json",
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers=extra_headers(mock_error),
        )

    return handle


# Starlette picks a handler by the exception's class, most specific first: register them all.
HANDLED_ERRORS = (MockError, ProblemException, HTTPException, Exception)
