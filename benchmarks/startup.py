"""What a new user waits for: plugin imports, `contactkit check --help`, clone to first 200.

Run: .venv/bin/python benchmarks/startup.py [--runs N] [--skip-clone]
Writes benchmarks/results/startup.json (raw) and startup.md (the table), and prints the table.

- imports: `import mockserver.pytest_plugin, contracts.pytest_plugin` over a bare interpreter
  (`python -c pass`, target < 0.5 s; pytest's own import is shown apart), and the mock's plugin
  alone: the one every pytest start loads once contactkit is installed.
- commands: `contactkit --help`, `contactkit check --help` (target < 1.5 s), `contactkit mock
  --help`, each a fresh process.
- pytest: a one-test project without the mock's fixtures, with the plugin, without it, and
  also without the pytest plugins of contactkit's dependencies (Schemathesis, Hypothesis).
- clone: `git clone` of this checkout's HEAD into a temporary folder, then `make mock` until
  both APIs answer 200 (target < 60 s with a warm package cache): venv creation and pip
  dominate; the time to the venv's stamp file is reported apart.

Each figure is the median of --runs fresh processes, from a folder outside the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
DEPENDENCY_PLUGINS = ("-p", "no:schemathesis", "-p", "no:hypothesispytest")
TARGETS = {"plugins_s": 0.5, "check_help_s": 1.5, "clone_to_200_s": 60.0}
APIS = (("/api/contact", "x-api-key", "test-key-org-a"),
        ("/client-contacts", "api-key", "test-client-key-a"))  # fmt: skip


def wall(argv: list[str], cwd: Path) -> float:
    """Return the seconds `argv` takes, run to completion in `cwd` (it must succeed)."""
    began = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - began


def median(argv: list[str], runs: int, cwd: Path) -> float:
    """Return the median wall time of `runs` runs of `argv` (after one warm-up run)."""
    wall(argv, cwd)
    return statistics.median(wall(argv, cwd) for _ in range(runs))


def measure_imports(runs: int, cwd: Path) -> dict[str, float]:
    """Return the bare interpreter's start-up and what each plugin import adds to it."""
    python = str(BIN / "python")
    bare = median([python, "-c", "pass"], runs, cwd)
    plugins = "import mockserver.pytest_plugin, contracts.pytest_plugin"
    both = median([python, "-c", plugins], runs, cwd)
    mock_plugin = median([python, "-c", "import mockserver.pytest_plugin"], runs, cwd)
    pytest_only = median([python, "-c", "import pytest"], runs, cwd)
    return {
        "bare_s": bare,
        "pytest_import_s": pytest_only - bare,
        # What every pytest run of a project with contactkit installed imports (pytest11).
        "mock_plugin_s": mock_plugin - bare,
        "plugins_s": both - bare,
    }


def measure_commands(runs: int, cwd: Path) -> dict[str, float]:
    """Return the wall time of the command's help screens."""
    command = str(BIN / "contactkit")
    return {
        "help_s": median([command, "--help"], runs, cwd),
        "check_help_s": median([command, "check", "--help"], runs, cwd),
        "mock_help_s": median([command, "mock", "--help"], runs, cwd),
    }


def measure_pytest(runs: int, cwd: Path) -> dict[str, float]:
    """Return a one-test pytest run's time with the mock's plugin and without it."""
    (cwd / "test_plain.py").write_text("def test_it():\n    pass\n", encoding="utf-8")
    base = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "test_plain.py"]
    with_plugin = median(base, runs, cwd)
    without = median([*base, "-p", "no:contactkit"], runs, cwd)
    # Schemathesis and Hypothesis (contactkit's dependencies) register pytest plugins of their
    # own, loaded by every pytest run of the environment: their share, measured apart.
    bare = median([*base, "-p", "no:contactkit", *DEPENDENCY_PLUGINS], runs, cwd)
    return {"with_plugin_s": with_plugin, "without_plugin_s": without, "without_any_s": bare}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        return all(
            httpx.get(f"{url}{path}", headers={header: key}, timeout=2).status_code == 200
            for path, header, key in APIS
        )
    except httpx.TransportError:
        return False


def measure_clone(folder: Path, timeout: float = 300) -> dict[str, float]:
    """Clone HEAD, `make mock`, and time the venv's stamp and both APIs' first 200."""
    clone, port = folder / "clone", _free_port()
    began = time.perf_counter()
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    make = subprocess.Popen(
        ["make", "mock", f"ARGS=--port {port}"], cwd=clone, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    installed = None
    try:
        while time.perf_counter() - began < timeout and make.poll() is None:
            if installed is None and (clone / ".venv" / ".installed").exists():
                installed = time.perf_counter() - began
            if _answers(f"http://127.0.0.1:{port}"):
                return {"clone_to_200_s": time.perf_counter() - began, "to_venv_s": installed or 0}
            time.sleep(0.1)
        raise SystemExit(f"make mock did not answer within {timeout} s (exit {make.poll()})")
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)


def table(results: dict[str, Any]) -> str:
    """Return the results as a Markdown table, each target marked met or missed."""
    rows = ["| measure | seconds | target |", "|---|--:|---|"]
    for section in ("imports", "commands", "pytest", "clone"):
        for name, value in results.get(section, {}).items():
            target = TARGETS.get(name)
            met = target is not None and value < target
            verdict = "" if target is None else f"< {target} s: {'met' if met else 'MISSED'}"
            rows.append(f"| {section}.{name} | {value:.3f} | {verdict} |")
    return "\n".join(rows)


def _context() -> dict[str, Any]:
    """Return when, at which commit and on how many CPUs the figures were taken."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {"when": now, "commit": commit, "cpus": os.cpu_count()}


def write(results: dict[str, Any]) -> str:
    """Write startup.json and startup.md under benchmarks/results/; return the Markdown."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    markdown = (
        f"Start-up figures, {results['when']}, commit {results['commit']}, "
        f"{results['cpus']} CPUs shared with other work (medians of fresh processes)\n\n"
        f"{table(results)}\n"
    )
    (RESULTS / "startup.md").write_text(markdown, encoding="utf-8")
    return markdown


def main() -> None:
    """Measure, print and write the results."""
    parser = argparse.ArgumentParser(description="Start-up figures of contactkit.")
    parser.add_argument("--runs", type=int, default=7, help="runs per measure (median)")
    parser.add_argument("--skip-clone", action="store_true", help="no clone-to-200 measure")
    options = parser.parse_args()
    results = _context()
    with tempfile.TemporaryDirectory(prefix="contactkit-startup-") as scratch:
        outside = Path(scratch)
        results["imports"] = measure_imports(options.runs, outside)
        results["commands"] = measure_commands(options.runs, outside)
        results["pytest"] = measure_pytest(options.runs, outside)
        if not options.skip_clone:
            results["clone"] = measure_clone(outside)
    print(write(results))


if __name__ == "__main__":
    main()
