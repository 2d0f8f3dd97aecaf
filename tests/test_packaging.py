"""The wheel carries every module and data file of the tree, found, not listed by hand.

Built from a clean copy of the tree (install_helpers.build_wheel), so a stale `build/`
cannot add what the packaging would forget. tests/test_install.py installs and runs it.
"""

from __future__ import annotations

import configparser
import subprocess
import zipfile

import pytest
from install_helpers import ROOT, build_wheel

from contactkit import __version__

PACKAGES = ("contactkit", "mockserver", "contracts")
DIST_INFO = f"contactkit-{__version__}.dist-info"
# Top-level data folders and where the wheel carries them (contactkit.resources reads them).
DATA = {"openapi": "contactkit/openapi", "fixtures": "contactkit/fixtures"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the wheel of a clean copy of the tree once, without its dependencies."""
    return zipfile.ZipFile(build_wheel(tmp_path_factory.mktemp("wheel")))


def _tracked(*patterns: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [name for name in listed.splitlines() if (ROOT / name).is_file()]


def test_every_module_of_the_packages_ships(wheel: zipfile.ZipFile) -> None:
    """A new subpackage (mockserver/clientcontacts was forgotten once) ships with no list."""
    modules = _tracked(*(f"{package}/*.py" for package in PACKAGES))
    assert len(modules) > 50
    assert sorted(set(modules) - set(wheel.namelist())) == []


def test_every_spec_and_fixture_file_ships(wheel: zipfile.ZipFile) -> None:
    data = [name.split("/", 1) for name in _tracked("openapi/*.yaml", "fixtures/*.yaml")]
    shipped = {f"{DATA[folder]}/{rest}" for folder, rest in data}
    assert len(shipped) >= 6
    assert sorted(shipped - set(wheel.namelist())) == []


def test_the_wheel_ships_nothing_but_the_packages(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert tops == {*PACKAGES, DIST_INFO}


def test_the_command_and_only_the_mocks_pytest_plugin_are_declared(
    wheel: zipfile.ZipFile,
) -> None:
    """The contract suite's plugin is loaded where the suite runs, not in every pytest run."""
    entry_points = configparser.ConfigParser()
    entry_points.read_string(wheel.read(f"{DIST_INFO}/entry_points.txt").decode())
    assert dict(entry_points["console_scripts"]) == {"contactkit": "contactkit.cli:main"}
    assert dict(entry_points["pytest11"]) == {"contactkit": "mockserver.pytest_plugin"}
