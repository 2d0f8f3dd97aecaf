"""The mock as a library (`MockServer`, the pytest fixture) changes nothing process-wide."""

from __future__ import annotations

import gc
import warnings

import pytest

from mockserver.quiet import connexion_imports
from mockserver.testing import MockServer


@pytest.mark.parametrize("profile", ["empty", "default"])
def test_a_reset_leaves_the_garbage_collector_alone(
    contactkit_mock: MockServer, profile: str
) -> None:
    """`contactkit mock` freezes its seed data out of the collector; a user's process must not."""
    contactkit_mock.reset(profile=profile)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_silencing_connexions_imports_restores_the_warning_filters() -> None:
    before = list(warnings.filters)
    with connexion_imports():
        assert len(warnings.filters) > len(before)
    assert warnings.filters == before
