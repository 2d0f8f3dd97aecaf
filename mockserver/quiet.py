"""Keep Connexion's import-time deprecation warnings out of our users' output."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

# Connexion 3.3 imports Starlette's test client and jsonschema's RefResolver, both deprecated.
# A user of the mock can do nothing about either; they would show in every pytest summary.
CONNEXION_IMPORT_WARNINGS = (
    r"Using `httpx` with `starlette.testclient`",
    r"jsonschema\.RefResolver is deprecated",
    r"jsonschema\.exceptions\.RefResolutionError is deprecated",
)


@contextmanager
def connexion_imports() -> Iterator[None]:
    """Import Connexion inside this block: its known deprecations are not shown.

    The filters are restored when the block ends: a user's own warnings settings stay theirs.
    """
    with warnings.catch_warnings():
        for message in CONNEXION_IMPORT_WARNINGS:
            warnings.filterwarnings("ignore", message=message)
        yield
