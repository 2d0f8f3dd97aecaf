"""Options `contactkit check` and `contactkit cleanup` share: how to reach the server."""

from __future__ import annotations

import argparse
import os
import re

from contracts.errors import UsageError

# RFC 9110's token: what a header name may be made of.
_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def parse_headers(values: list[str]) -> dict[str, str]:
    """Return `-H "Name: value"` options as a dict; raise a UsageError for a malformed one."""
    headers = {}
    for value in values:
        name, colon, content = value.partition(":")
        if not colon or not _NAME.match(name.strip()):
            raise UsageError(f"-H {value!r}: write a header as 'Name: value'")
        headers[name.strip()] = content.strip()
    return headers


def add_connection_arguments(parser: argparse.ArgumentParser, other_help: str) -> None:
    """Declare the keys, extra headers and request timeout on `parser`."""
    parser.add_argument(
        "--api-key",
        default=os.environ.get("CONTACTKIT_API_KEY"),
        help="its API key (or env CONTACTKIT_API_KEY)",
    )
    parser.add_argument(
        "--other-api-key", default=os.environ.get("CONTACTKIT_OTHER_API_KEY"), help=other_help
    )
    parser.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="an extra header for every request, e.g. a gateway's (repeatable)",
    )
    parser.add_argument(
        "--request-timeout", type=float, default=30.0, help="seconds to wait for an answer (30)"
    )
