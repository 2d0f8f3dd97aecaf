"""`contactkit`: the one command, and the one place that knows both the mock and the suite."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

# Connexion 3.3 imports Starlette's test client, which warns on import; users cannot act on it.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from contracts import cleanup as cleanup_cli  # noqa: E402
from contracts import cli as check_cli  # noqa: E402
from mockserver import cli as mock_cli  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch `contactkit mock ...` and `contactkit check ...` to their subcommands."""
    parser = argparse.ArgumentParser(
        prog="contactkit", description="Mock server and contract suite for the Gomobile API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    mock = commands.add_parser("mock", help="start the stateful mock server")
    mock_cli.add_arguments(mock)
    mock.set_defaults(run=mock_cli.serve)
    check = commands.add_parser("check", help="check a server against the contract")
    check_cli.add_arguments(check)
    check.set_defaults(run=check_cli.run)
    cleanup = commands.add_parser("cleanup", help="finish the cleanup of an interrupted check")
    cleanup_cli.add_arguments(cleanup)
    cleanup.set_defaults(run=cleanup_cli.run)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
