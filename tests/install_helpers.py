"""Build this tree's wheel from a clean copy and install it into a fresh virtualenv."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from mock_helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
# What a user's shell does not have: nothing may leak in from this test run's environment.
LEAKY_VARIABLES = ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONHOME")


def tracked_copy(destination: Path) -> Path:
    """Copy the files git tracks or would track (not ignored ones) to `destination`.

    The working tree's content, not HEAD's: an uncommitted change is what is being tested.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted but not yet staged is still listed
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


@dataclass
class Installed:
    """The wheel installed in `venv`; commands run from `home`, outside the checkout."""

    venv: Path
    home: Path
    env: dict[str, str]

    def run(
        self,
        program: str,
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 300,
    ) -> subprocess.CompletedProcess[str]:
        """Run a program of the virtualenv (`contactkit`, `pytest`, `python`) and wait."""
        return subprocess.run(
            [str(self.venv / "bin" / program), *args],
            cwd=cwd or self.home, env={**self.env, **(env or {})}, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip

    def project(self, test_source: str) -> Path:
        """Write a one-file pytest project (no conftest, no configuration); return its folder."""
        folder = self.home / f"project-{len(list(self.home.glob('project-*')))}"
        folder.mkdir()
        (folder / "test_it.py").write_text(textwrap.dedent(test_source), encoding="utf-8")
        return folder

    @contextmanager
    def mock(self, timeout: float = 60) -> Iterator[str]:
        """Run `contactkit mock` on a free port until the block ends; yield its URL."""
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [str(self.venv / "bin" / "contactkit"), "mock", "--port", str(port)],
            cwd=self.home, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for(url, process, timeout)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"contactkit mock exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(f"{url}/__admin/info", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"contactkit mock did not answer within {timeout} s")


def build_wheel(folder: Path) -> Path:
    """Build the wheel of a clean copy of the tree in `folder`; return its path."""
    source, dist = tracked_copy(folder / "source"), folder / "dist"
    _check([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)])
    return next(dist.glob("contactkit-*.whl"))


def install_wheel(folder: Path) -> Installed:
    """Build the wheel of a clean copy of the tree and install it into a new virtualenv."""
    wheel = build_wheel(folder)
    venv, home = folder / "venv", folder / "home"
    home.mkdir()
    _check([sys.executable, "-m", "venv", str(venv)])
    _check([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return Installed(venv=venv, home=home, env=env)


def _check(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT.parent)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}"
