"""Process control: servers and tools in their own process groups, pinned, always stopped."""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from harness.config import BIN, HERE, HOST, KEY, LOGS, PRISM, ROOT, SPEC

CORES = os.cpu_count() or 1
PINNED = CORES >= 2


def pin(core: int) -> list[str]:
    """Return the taskset prefix that pins a command to `core` (nothing on one core)."""
    return ["taskset", "-c", str(core)] if PINNED and shutil.which("taskset") else []


def free_port() -> int:
    """Return a TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process in its own process group."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    startup_s: float = math.nan

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        return f"http://{HOST}:{self.port}"

    def rss_mb(self) -> dict[str, float]:
        """Return VmRSS and VmHWM (peak) of the server process, in MB (MiB / 1.048576)."""
        values = {}
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    values[name] = int(rest.split()[0]) * 1024 / 1e6
        return values


def log_tail(path: Path, lines: int = 15) -> str:
    """Return the last `lines` lines of a log file ("" if it cannot be read)."""
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Stop a process group started with start_new_session: SIGINT, then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Whatever the leader did, no child of the group survives it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def wait_for_200(url: str, process: subprocess.Popen[bytes], timeout: float) -> float:
    """Poll GET url every 10 ms until it answers 200; return when it did (perf_counter)."""
    deadline = time.perf_counter() + timeout
    with httpx.Client(headers={"x-api-key": KEY}, timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter()
            except httpx.TransportError:
                pass
            time.sleep(0.01)
    raise RuntimeError(f"no 200 from {url} within {timeout:.0f} s")


def _spawn(command: list[str], cwd: Path | str, log_file: Any) -> subprocess.Popen[bytes]:
    """Start `command` in a new process group, its output into `log_file`."""
    return subprocess.Popen(
        command, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )


@contextlib.contextmanager
def server(name: str, argv: list[str], timeout: float) -> Iterator[Server]:
    """Start `argv` (with {port} filled in) on core 1; stop it when the block ends."""
    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"{name}.log"
    command = [*pin(1), *(part.format(port=port) for part in argv)]
    with log_path.open("wb") as log_file:
        began = time.perf_counter()
        process = _spawn(command, ROOT, log_file)
        try:
            try:
                up = wait_for_200(f"http://{HOST}:{port}/api/contact?limit=1", process, timeout)
            except RuntimeError as error:
                raise RuntimeError(f"{name}: {error}\n{log_tail(log_path)}") from None
            yield Server(name, process, port, log_path, startup_s=up - began)
        finally:
            stop(process)


def timed(command: list[str], cwd: str, timeout: float, log_name: str) -> dict[str, Any]:
    """Run `command` to its end or `timeout`; return wall time, exit code and its last lines."""
    log_path = LOGS / f"{log_name}.log"
    with log_path.open("wb") as log_file:
        began = time.perf_counter()
        process = _spawn(command, cwd, log_file)
        try:
            code: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            stop(process, grace=5)
        wall = time.perf_counter() - began
    return {
        "wall_s": wall,
        "exit_code": code,
        "timed_out": code is None,
        "tail": log_tail(log_path, 6),
    }


def mock_command(options: list[str]) -> list[str]:
    """Return the command line of `contactkit mock` with `options`."""
    return [str(BIN / "contactkit"), "mock", "--port", "{port}", *options]


def baseline_command(options: list[str]) -> list[str]:
    """Return the command line of the bare Starlette app with `options`."""
    return [sys.executable, str(HERE / "baseline_app.py"), "--port", "{port}", *options]


def prism_command() -> list[str]:
    """Return the command line of Prism mocking the spec."""
    return [str(PRISM), "mock", "-p", "{port}", "-h", HOST, "-v", "warn", str(SPEC)]
