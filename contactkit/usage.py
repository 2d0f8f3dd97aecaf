"""The command line's parser: a usage error is one line and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

EXIT_USAGE = 2


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line naming the command and pointing to --help."""

    def error(self, message: str) -> NoReturn:
        """Print `prog: message (see prog --help)` to stderr and exit 2."""
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_USAGE)
