"""pytest plugin: a real contactkit mock for your tests, reset before each one.

Active once contactkit is installed (entry point `pytest11`); it imports the mock only when
a test takes its fixtures. Fixtures:

- `contactkit_mock`: the mock, reset to its seed before the test (function scope). It has
  `.url`, `.api_key`, `.other_api_key`, `.client()`, `.journal()`, `.inject_fault()`,
  `.reset()`; for the client contacts API `.client_api_key`, `.other_client_api_key` and
  `.client(api="client-contacts")`.
- `contactkit_server`: the same server without the reset (session scope).
- `contactkit_settings`: the seed settings of the session; override it in your conftest.py.

Choose the data per test with `@pytest.mark.contactkit(profile="empty", seed=7)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    # Imported by the fixture only: every pytest run of a project with contactkit installed
    # loads this plugin, and the mock (Connexion, uvicorn) costs half a second.
    from mockserver.testing import MockServer

MARKER = "contactkit"
# What the marker and a reset take; contactkit_settings may hold more (MockServer options).
SEED_SETTINGS = ("seed", "profile", "contacts", "audiences")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker, so that --strict-markers accepts it."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=1, profile='default', contacts=None, audiences=None): "
        "the data contactkit_mock is reset to before this test",
    )


@pytest.fixture(scope="session")
def contactkit_settings() -> dict[str, Any]:
    """Return the seed settings the mock starts with and resets to (override to change)."""
    return {"seed": 1, "profile": "default"}


@pytest.fixture(scope="session")
def contactkit_server(contactkit_settings: dict[str, Any]) -> Iterator[MockServer]:
    """Start one mock for the whole session on a free loopback port; stop it at the end."""
    from mockserver.testing import MockServer

    with MockServer(**contactkit_settings) as server:
        yield server


@pytest.fixture
def contactkit_mock(
    contactkit_server: MockServer,
    contactkit_settings: dict[str, Any],
    request: pytest.FixtureRequest,
) -> MockServer:
    """Return the mock, reset to the session's settings or to this test's marker."""
    marker = request.node.get_closest_marker(MARKER)
    wanted: dict[str, Any] = {"contacts": None, "audiences": None}
    wanted.update((k, v) for k, v in contactkit_settings.items() if k in SEED_SETTINGS)
    wanted.update(_marker_settings(marker) if marker else {})
    contactkit_server.reset(**wanted)
    return contactkit_server


def _marker_settings(marker: pytest.Mark) -> dict[str, Any]:
    """Return the marker's settings; fail the test, naming the culprit, on anything else."""
    unknown = [repr(arg) for arg in marker.args]
    unknown += [name for name in marker.kwargs if name not in SEED_SETTINGS]
    if unknown:
        pytest.fail(
            f"@pytest.mark.{MARKER} got {', '.join(unknown)}: it takes only the keyword "
            f"arguments {', '.join(SEED_SETTINGS)}",
            pytrace=False,
        )
    return dict(marker.kwargs)
