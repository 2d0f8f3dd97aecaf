"""The sections besides load: start-up and memory, the pytest plugin, the contract suite, store."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from harness.config import BIN, HERE, KEY, LOGS, ROOT, SIZES, SPEC, Budget, log
from harness.servers import mock_command, pin, server, timed

# Seeds the `large` profile three times in one process: the first seed, then two reseeds.
_SEEDING = """\
import json, time
began = time.perf_counter()
from mockserver.fixtures import load_fixtures
from mockserver.gc_tuning import seed_outside_gc
from mockserver.gomobile.data import GomobileData
from mockserver.store.memory_backend import MemoryBackend
fixtures = load_fixtures()
imported = time.perf_counter() - began
data, runs = GomobileData(MemoryBackend()), []
for _ in range(3):
    began = time.perf_counter()
    with seed_outside_gc():  # as `contactkit mock` seeds
        data.seed(fixtures, 'large', 1, {'contacts': None, 'audiences': None})
    runs.append(time.perf_counter() - began)
print(json.dumps({'import_s': imported, 'runs_s': runs,
                  'contacts': len(data.contacts.all_records())}))
"""

_PYTEST_FILES = {
    "test_with_mock.py": "def test_it(contactkit_mock):\n    assert contactkit_mock.url\n",
    "test_empty.py": "def test_it():\n    pass\n",
}


def _in_process(argv: list[str], timeout: float, check: bool) -> subprocess.CompletedProcess[str]:
    """Run a Python command on core 1 from the repository root, capturing its output."""
    return subprocess.run(
        [*pin(1), sys.executable, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def section_startup(budget: Budget) -> dict[str, Any]:
    """`contactkit mock` to the first 200, RSS at 100,000 contacts, seeding in-process."""
    results: dict[str, Any] = {}
    for label, options in (("default", []), ("100k", SIZES["100k"][1])):
        runs, rss = [], {}
        for run in range(budget.startup_runs):
            with server(f"startup-{label}-{run}", mock_command(options), 120) as srv:
                runs.append(srv.startup_s)
                rss = srv.rss_mb()
        results[label] = {"runs_s": runs, "median_s": statistics.median(runs), "rss_mb": rss}
        log(f"startup {label}: {', '.join(f'{r:.2f}' for r in runs)} s; RSS {rss}")
    completed = _in_process(["-c", _SEEDING], timeout=180, check=True)
    seeding = json.loads(completed.stdout.strip().splitlines()[-1])
    results["seeding"] = seeding
    log(f"seeding (large profile): {seeding}")
    return results


def _pytest_once(scratch: str, name: str) -> tuple[float, float]:
    """Run pytest on one file; return its wall time and its tests' set-up time (s)."""
    command = [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "--durations=0"]
    command += ["--durations-min=0", "--rootdir", scratch, name]
    began = time.perf_counter()
    completed = subprocess.run(
        command, cwd=scratch, capture_output=True, text=True, timeout=120, check=False
    )
    wall = time.perf_counter() - began
    if completed.returncode != 0:
        raise RuntimeError(f"pytest {name} failed:\n{completed.stdout[-2000:]}")
    setup = sum(
        float(line.split()[0].rstrip("s"))
        for line in completed.stdout.splitlines()
        if " setup " in line and line.split()[0].endswith("s")
    )
    return wall, setup


def section_pytest(budget: Budget) -> dict[str, Any]:
    """Time a one-test pytest run using contactkit_mock against a one-test run using nothing."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in _PYTEST_FILES.items():
            Path(scratch, name).write_text(text)
        for name in _PYTEST_FILES:
            runs = [_pytest_once(scratch, name) for _ in range(budget.pytest_runs)]
            walls, setups = zip(*runs, strict=True)
            results[name] = {
                "wall_s": list(walls),
                "median_wall_s": statistics.median(walls),
                "setup_s": statistics.median(setups),
            }
    with_mock, empty = results["test_with_mock.py"], results["test_empty.py"]
    # pytest's own figure for the fixture (--durations "setup"), and the whole run's difference.
    results["fixture_setup_s"] = with_mock["setup_s"] - empty["setup_s"]
    results["fixture_s"] = with_mock["median_wall_s"] - empty["median_wall_s"]
    log(f"pytest: {results}")
    return results


def section_contract(budget: Budget) -> dict[str, Any]:
    """`contactkit check` and a plain `schemathesis run` against one local mock, reset between."""
    results: dict[str, Any] = {}
    check = [str(BIN / "contactkit"), "check", "--api-key", KEY, "--base-url"]
    schemathesis = [str(BIN / "schemathesis"), "run", str(SPEC), "-H", f"x-api-key: {KEY}"]
    schemathesis += ["--max-examples", "10", "--no-color", "--url"]
    LOGS.mkdir(parents=True, exist_ok=True)
    with server("contract-mock", mock_command([]), 60) as srv, tempfile.TemporaryDirectory() as cwd:
        log("contract: contactkit check")
        results["contactkit_check"] = timed(
            [*check, srv.url], cwd, budget.contract_timeout, "contactkit-check"
        )
        httpx.post(f"{srv.url}/__admin/reset", timeout=30).raise_for_status()
        log("contract: schemathesis run")
        results["schemathesis_run"] = timed(
            [*schemathesis, srv.url], cwd, budget.contract_timeout, "schemathesis-run"
        )
    for name, outcome in results.items():
        log(f"contract {name}: {outcome['wall_s']:.1f} s, exit {outcome['exit_code']}")
    return results


def section_store(budget: Budget) -> dict[str, Any]:
    """benchmarks/bench_query.py: the store and query layer alone, in-process."""
    completed = _in_process([str(HERE / "bench_query.py")], timeout=300, check=False)
    output = completed.stdout if completed.returncode == 0 else completed.stderr[-2000:]
    log("store (bench_query.py):\n" + output)
    return {"exit_code": completed.returncode, "output": output}
