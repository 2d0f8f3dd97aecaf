"""`contactkit`: the one command, and the one place that knows both the mock and the suite.

Each subcommand lives in its own package and is imported only when it runs: `contactkit check`
never loads the mock (Connexion, uvicorn), and `contactkit --help` loads neither.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from contactkit.usage import CommandParser


@dataclass(frozen=True)
class Command:
    """A subcommand: its module has `add_arguments(parser)` and `run(args) -> int`."""

    module: str
    help: str


COMMANDS = {
    "mock": Command("mockserver.cli", "start the stateful mock server"),
    "check": Command("contracts.cli", "check a server against the contract"),
    "cleanup": Command("contracts.cleanup", "finish the cleanup of an interrupted check"),
}


def _chosen(argv: Sequence[str]) -> str | None:
    """Return the subcommand `argv` names (its first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """Return the parser, with the options of the subcommand `argv` names (and only those)."""
    parser = CommandParser(
        prog="contactkit", description="Mock server and contract suite for the Gomobile API."
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{" + ",".join(COMMANDS) + "}"
    )
    chosen = _chosen(argv)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        if name == chosen:
            module = importlib.import_module(command.module)
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch `contactkit mock ...` and `contactkit check ...` to their subcommands."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(words).parse_args(words)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
