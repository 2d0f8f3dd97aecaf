"""`contactkit mock` and `python -m mockserver`: the banner, the options, the loopback rule."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import httpx
import pytest
from mock_helpers import KEY_A, KEY_A_SUPPORT, KEY_B, MockProcess, mock_command

from mockserver.testing import MockServer

Spawn = Callable[..., MockProcess]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(mock_command(), id="contactkit-mock"),
        pytest.param([sys.executable, "-m", "mockserver"], id="python-m-mockserver"),
    ],
)
def test_banner_prints_the_url_the_docs_url_and_the_keys(
    spawn_mock: Spawn, command: list[str]
) -> None:
    mock = spawn_mock("--profile", "empty", command=command)
    banner = mock.output()
    assert f"listening on {mock.url} " in banner
    assert f"{mock.url}/docs" in banner
    for key in (KEY_A, KEY_A_SUPPORT, KEY_B):
        assert key in banner
    assert httpx.get(f"{mock.url}/docs/").status_code == 200
    assert mock.stop() == 0


def test_seed_and_size_options_are_applied(spawn_mock: Spawn) -> None:
    mock = spawn_mock("--seed", "7", "--contacts", "3", "--audiences", "1")
    info = httpx.get(f"{mock.url}/__admin/info").json()
    assert info["settings"] == {"seed": 7, "profile": "default", "contacts": 3, "audiences": 1}
    counts = [
        (o["api"], o.get("contacts"), o.get("audiences"), o.get("clientContacts"))
        for o in info["organizations"]
    ]
    assert counts == [
        ("gomobile", 3, 1, None),
        ("gomobile", 3, 1, None),
        ("client-contacts", None, None, 3),
        ("client-contacts", None, None, 3),
    ]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "example.com"])
def test_a_non_loopback_host_without_admin_token_is_refused(host: str) -> None:
    result = subprocess.run(
        [*mock_command(), "--host", host, "--port", "9"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--admin-token" in result.stderr
    assert "listening" not in result.stdout


def test_no_cors_switches_cors_off(spawn_mock: Spawn) -> None:
    mock = spawn_mock("--profile", "empty", "--no-cors")
    response = httpx.get(
        f"{mock.url}/api/contact", headers={"x-api-key": KEY_A, "origin": "http://localhost:5173"}
    )
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_cors_is_on_by_default(contactkit_mock: MockServer) -> None:
    origin = "http://localhost:5173"
    preflight = httpx.options(
        f"{contactkit_mock.url}/api/contact",
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-api-key, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", origin)
    response = httpx.get(
        f"{contactkit_mock.url}/api/contact", headers={"x-api-key": KEY_A, "origin": origin}
    )
    assert response.headers["access-control-allow-origin"] in ("*", origin)


@pytest.mark.parametrize(
    ("options", "logged"),
    [
        pytest.param((), False, id="default-warning"),
        pytest.param(("--log-level", "info"), True, id="info"),
    ],
)
def test_requests_are_logged_at_log_level_info_only(
    spawn_mock: Spawn, options: tuple[str, ...], logged: bool
) -> None:
    mock = spawn_mock("--profile", "empty", *options)
    httpx.get(f"{mock.url}/api/contact?limit=3", headers={"x-api-key": KEY_A})
    assert mock.stop() == 0
    assert ("GET /api/contact?limit=3 HTTP/1.1" in mock.output()) is logged
