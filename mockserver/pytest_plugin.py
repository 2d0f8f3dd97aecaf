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

`--contactkit-url URL` (or env CONTACTKIT_URL, or ini `contactkit_url`) points the fixtures at
a mock running elsewhere instead of starting one: the session works in a sandbox of its own
there (a unique name, its header on every client), so parallel jobs never collide. Its admin
token: `--contactkit-admin-token`, env CONTACTKIT_ADMIN_TOKEN or ini `contactkit_admin_token`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

import pytest

if TYPE_CHECKING:
    # Imported by the fixture only: every pytest run of a project with contactkit installed
    # loads this plugin, and the mock (Connexion, uvicorn) costs half a second.
    from mockserver.remote import RemoteMock
    from mockserver.testing import MockServer

    Mock: TypeAlias = MockServer | RemoteMock

MARKER = "contactkit"
# What the marker and a reset take; contactkit_settings may hold more (MockServer options).
SEED_SETTINGS = ("seed", "profile", "contacts", "audiences")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the options that point the fixtures at a mock running elsewhere."""
    group = parser.getgroup("contactkit-mock", "contactkit mock fixtures")
    group.addoption(
        "--contactkit-url",
        help="use the mock at URL (one sandbox per session) instead of starting one "
        "(env CONTACTKIT_URL, ini contactkit_url)",
    )
    group.addoption(
        "--contactkit-admin-token",
        help="that mock's --admin-token (env CONTACTKIT_ADMIN_TOKEN, ini contactkit_admin_token)",
    )
    parser.addini("contactkit_url", "the mock the contactkit fixtures use (see --contactkit-url)")
    parser.addini("contactkit_admin_token", "that mock's admin token")


def _setting(config: pytest.Config, name: str) -> str | None:
    """Return option `name`: from the command line, else the environment, else the ini file."""
    given = config.getoption(name) or os.environ.get(name.upper()) or config.getini(name)
    return str(given) if given else None


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
def contactkit_server(
    contactkit_settings: dict[str, Any], pytestconfig: pytest.Config
) -> Iterator[Mock]:
    """Start one mock for the whole session on a free loopback port; stop it at the end.

    With --contactkit-url, use that mock instead, in a sandbox of this session's own.
    """
    url = _setting(pytestconfig, "contactkit_url")
    if url is None:
        from mockserver.testing import MockServer

        with MockServer(**contactkit_settings) as server:
            yield server
        return
    from mockserver.remote import RemoteMock

    token = _setting(pytestconfig, "contactkit_admin_token")
    with RemoteMock(url, admin_token=token) as remote:
        yield remote


@pytest.fixture
def contactkit_mock(
    contactkit_server: Mock,
    contactkit_settings: dict[str, Any],
    request: pytest.FixtureRequest,
) -> Mock:
    """Return the mock (its sandbox), reset to the session's settings or this test's marker."""
    marker = request.node.get_closest_marker(MARKER)
    wanted = _seed_settings(contactkit_settings)
    wanted.update(_marker_settings(marker) if marker else {})
    contactkit_server.reset(**wanted)
    return contactkit_server


def _seed_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Return the seed settings of `settings` (contacts/audiences None: the profile's)."""
    wanted: dict[str, Any] = {"contacts": None, "audiences": None}
    wanted.update((k, v) for k, v in settings.items() if k in SEED_SETTINGS)
    return wanted


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
