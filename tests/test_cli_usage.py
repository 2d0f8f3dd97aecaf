"""Every user mistake on `contactkit`'s command line: one line on stderr, exit 2, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mock_helpers import free_port

CONTACTKIT = str(Path(sys.executable).with_name("contactkit"))


def contactkit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `contactkit` with `args` and wait (it must fail before serving)."""
    return subprocess.run(
        [CONTACTKIT, *args], capture_output=True, text=True, timeout=120, check=False
    )


def assert_one_line_usage_error(result: subprocess.CompletedProcess[str], says: str) -> None:
    """Assert exit 2, nothing on stdout and a single stderr line containing `says`."""
    assert (result.returncode, result.stdout) == (2, ""), result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port something else listens on."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


def test_a_port_in_use_is_one_line_and_writes_no_state_file(
    taken_port: int, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    result = contactkit("mock", "--port", str(taken_port), "--state", str(state))
    assert_one_line_usage_error(result, f"port {taken_port} is in use; try --port")
    assert result.stderr == f"contactkit mock: port {taken_port} is in use; try --port\n"
    assert not state.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param([], "required: {mock,check,cleanup}", id="no-subcommand"),
        pytest.param(["serve"], "invalid choice: 'serve'", id="unknown-subcommand"),
        pytest.param(["mock", "--port", "abc"], "invalid int value", id="port-not-a-number"),
        pytest.param(["mock", "--port", "70000"], "not a TCP port", id="port-too-big"),
        pytest.param(["mock", "--sed", "7"], "unrecognized arguments: --sed", id="misspelt-option"),
        pytest.param(["mock", "--max-sandboxes", "-1"], "must be at least 0, not -1",
                     id="negative-max-sandboxes"),
        pytest.param(["mock", "--sandbox-ttl", "0.5"], "must be at least 1, not 0.5",
                     id="sandbox-ttl-below-a-second"),
        pytest.param(["check"], "required: --base-url", id="check-without-base-url"),
        pytest.param(["check", "--base-url", "http://127.0.0.1:9", "--api-key", "k",
                      "--schemathesis-report", "pdf"], "--schemathesis-report takes",
                     id="unknown-schemathesis-report"),
    ],
)  # fmt: skip
def test_a_bad_command_line_is_one_line(args: list[str], says: str) -> None:
    assert_one_line_usage_error(contactkit(*args), says)


def test_an_unknown_profile_is_one_line() -> None:
    result = contactkit("mock", "--port", str(free_port()), "--profile", "huge")
    assert_one_line_usage_error(result, "Unknown seed profile 'huge'")
