"""A contract violation, worded so that the reader can act on it: what, where, how to replay."""

from __future__ import annotations

import shlex
from typing import Any

import httpx

from contracts.errors import ContractError

_SKIPPED_HEADERS = {
    "host",
    "accept",
    "accept-encoding",
    "connection",
    "user-agent",
    "content-length",
}


def curl(
    request: httpx.Request, key_variable: str, key_header: str, hidden: tuple[str, ...] = ()
) -> str:
    """Return a copy-pasteable curl command for `request`; the API key stays an env variable.

    The `hidden` headers (the user's -H, which may hold a gateway's secret) are left out.
    """
    parts = ["curl", "-X", request.method, shlex.quote(str(request.url))]
    left_out = {name.lower() for name in hidden}
    for name, value in request.headers.items():
        if name.lower() in _SKIPPED_HEADERS or name.lower() in left_out:
            continue
        shown = f"${{{key_variable}}}" if name.lower() == key_header else value
        quoted = f'"{name}: {shown}"' if shown.startswith("${") else shlex.quote(f"{name}: {shown}")
        parts += ["-H", quoted]
    if request.content:
        parts += ["--data-binary", shlex.quote(request.content.decode("utf-8", errors="replace"))]
    suffix = f"  # plus your -H {', '.join(hidden)}" if hidden else ""
    return " ".join(parts) + suffix


def shorten(value: Any, limit: int = 600) -> str:
    """Return `value` as text of at most about `limit` characters, saying how long it was."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


class Violation(ContractError, AssertionError):
    """The target broke the contract: one check, one operation, expected against seen."""

    def __init__(
        self,
        check: str,
        operation: str,
        expected: str,
        seen: Any,
        *,
        response: httpx.Response | None = None,
        assumption: str | None = None,
        key_variable: str = "CONTACTKIT_API_KEY",
        key_header: str = "x-api-key",
        hidden_headers: tuple[str, ...] = (),
        seen_limit: int = 600,
    ) -> None:
        self.check, self.operation, self.expected, self.seen = check, operation, expected, seen
        self.response, self.assumption, self.key_variable = response, assumption, key_variable
        self.seen_limit = seen_limit
        self.reproduce = (
            curl(response.request, key_variable, key_header, hidden_headers)
            if response is not None
            else None
        )
        super().__init__(self.render())

    @property
    def basis(self) -> str:
        """Return what the expectation rests on: `x-assumption` or the documented `contract`."""
        return "x-assumption" if self.assumption else "contract"

    def render(self) -> str:
        """Return the report block printed for this violation."""
        lines = [
            f"[{self.check}] {self.operation}: contract violated",
            f"  expected: {self.expected}",
            f"  seen:     {shorten(self.seen, self.seen_limit)}",
        ]
        if self.response is not None:
            lines.append(
                f"  response: {self.response.status_code} {shorten(self.response.text, 300)}"
            )
        if self.assumption:
            lines.append(
                f"  x-assumption: this expectation rests on {self.assumption}, a decision the "
                "vendor documents do not state; the server may be right and the assumption wrong."
            )
        if self.reproduce:
            lines.append(f"  reproduce: {self.reproduce}")
            lines.append(f"  (the curl reads the key from ${self.key_variable}: export it first)")
        return "\n".join(lines)
