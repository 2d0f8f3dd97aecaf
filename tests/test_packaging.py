"""A plain `pip install .` carries everything: the spec, the fixtures, both plugins, the CLI."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the project's wheel once, without its dependencies."""
    out = tmp_path_factory.mktemp("wheel")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(out),
        str(ROOT),
    ]
    built = subprocess.run(command, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    return zipfile.ZipFile(next(out.glob("contactkit-*.whl")))


@pytest.mark.parametrize(
    "member",
    [
        pytest.param("contactkit/openapi/gomobile.yaml", id="vendor-spec"),
        pytest.param("contactkit/openapi/mock-admin.yaml", id="admin-spec"),
        pytest.param("contactkit/openapi/client-contacts.yaml", id="client-contacts-spec"),
        pytest.param("contactkit/fixtures/organizations.yaml", id="organizations"),
        pytest.param("contactkit/fixtures/attributes.yaml", id="attributes"),
        pytest.param("contactkit/fixtures/profiles.yaml", id="profiles"),
        pytest.param("mockserver/gomobile/handlers.py", id="mock-handlers"),
        pytest.param("contracts/suite/test_lifecycle.py", id="contract-suite"),
    ],
)
def test_wheel_contains(wheel: zipfile.ZipFile, member: str) -> None:
    """The wheel ships the data files and both packages."""
    assert member in wheel.namelist()


def test_wheel_declares_the_command_and_plugins(wheel: zipfile.ZipFile) -> None:
    """`contactkit` is a console script and both pytest plugins are registered."""
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    text = wheel.read(entry_points).decode()
    assert "contactkit = contactkit.cli:main" in text
    assert "contactkit = mockserver.pytest_plugin" in text
    assert "contactkit-contracts = contracts.pytest_plugin" in text
