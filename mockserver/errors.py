"""The mock's exceptions, and the one place that maps them to HTTP statuses.

The storage, query and domain layers raise these without knowing HTTP; the app's error
handler renders them in the API's own error format (see `mockserver.app`).

    MockError                       500, the base: catch this to catch everything of ours
    ├── BadRequest                  400, one message or a list of them (one per violation)
    ├── Unauthorized                401, missing or unknown API key (or admin token)
    ├── Forbidden                   403, an admin call from a foreign origin (CSRF)
    ├── NotFound                    404, unknown, soft-deleted or another tenant's resource
    ├── MethodNotAllowed            405, carries the methods the path does allow
    ├── RequestTimeout              408, a body that stalled; the connection is closed
    ├── Conflict                    409, a unique value already in use
    ├── PayloadTooLarge             413, a body over the limit
    ├── UnsupportedMediaType        415, a body that is not JSON
    ├── TooManySandboxes            429, a new sandbox beyond --max-sandboxes
    └── InjectedFault               any status, asked for through the admin API
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus


class MockError(Exception):
    """Base of every error the mock answers with; `messages` is what the client reads."""

    def __init__(self, messages: str | Sequence[str]) -> None:
        self.messages: str | list[str] = messages if isinstance(messages, str) else list(messages)
        super().__init__(messages if isinstance(messages, str) else "; ".join(messages))


class BadRequest(MockError):
    """The request is invalid; for validation, one message per violated field."""


class Unauthorized(MockError):
    """No API key, or one that belongs to no organization."""


class Forbidden(MockError):
    """The request is refused whoever sends it from there (a foreign origin)."""


class NotFound(MockError):
    """No such active resource in the caller's organization."""


class MethodNotAllowed(MockError):
    """The path exists but not with this method."""

    def __init__(self, messages: str, allowed: Sequence[str]) -> None:
        super().__init__(messages)
        self.allowed = sorted(allowed)


class RequestTimeout(MockError):
    """The request body stopped arriving."""


class Conflict(MockError):
    """A value that must be unique is already used."""


class PayloadTooLarge(MockError):
    """The request body is larger than the mock accepts."""


class UnsupportedMediaType(MockError):
    """The request body is not of a media type the operation accepts."""


class TooManySandboxes(MockError):
    """A request names a new sandbox while the mock already keeps as many as it may."""


class Unavailable(MockError):
    """The mock's shared store (its database) cannot be reached; retrying later may work."""


class InjectedFault(MockError):
    """A failure the admin API asked for, with the status it asked for."""

    def __init__(self, messages: str, status: int) -> None:
        super().__init__(messages)
        self.status = status


_STATUS: dict[type[MockError], int] = {
    BadRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    MethodNotAllowed: 405,
    RequestTimeout: 408,
    Conflict: 409,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    TooManySandboxes: 429,
    Unavailable: 503,
}


def http_status(error: MockError) -> int:
    """Return the HTTP status that `error` is answered with."""
    if isinstance(error, InjectedFault):
        return error.status
    return next((s for cls, s in _STATUS.items() if isinstance(error, cls)), 500)


def reason_phrase(status: int) -> str:
    """Return the standard reason phrase of `status` ("Not Found")."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def extra_headers(error: MockError) -> dict[str, str]:
    """Return the headers an error response must carry besides its body."""
    if isinstance(error, MethodNotAllowed):
        return {"Allow": ", ".join(error.allowed)}
    if isinstance(error, Unavailable) or (
        isinstance(error, InjectedFault) and error.status in (429, 503)
    ):
        return {"Retry-After": "1"}
    if isinstance(error, RequestTimeout):
        # The rest of the body may still come: the connection cannot carry another request.
        return {"Connection": "close"}
    return {}
