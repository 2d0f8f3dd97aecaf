"""`contactkit`: the one command, and the one place that knows both the mock and the suite."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mockserver import cli as mock_cli


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch `contactkit mock ...` to its subcommand."""
    parser = argparse.ArgumentParser(
        prog="contactkit", description="Mock server and contract suite for the Gomobile API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    mock = commands.add_parser("mock", help="start the stateful mock server")
    mock_cli.add_arguments(mock)
    mock.set_defaults(run=mock_cli.serve)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
