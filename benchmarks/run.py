"""Measure the mock side by side with Prism and a bare Starlette app; write benchmarks/results/.

Run: make bench (installs wrk, Prism and the bench extra first: benchmarks/setup.sh), or
     .venv/bin/python benchmarks/run.py [--quick] [--sections load,startup,...]

Sections (all by default, in this order):

- load: the mock at 1,000 and at 100,000 contacts per organization, the bare Starlette app
  (benchmarks/baseline_app.py) on the same data, and Prism 5 on the same spec: list, search (a
  rare and a common term), sort by lastName, get-by-id, create and a 1,000-item upsert, each
  with one client making sequential calls (httpx, keep-alive) and then with wrk at 32
  connections. wrk runs on core 0, the server on core 1 (taskset).
- startup: `contactkit mock` to the first 200 on /api/contact, default profile and 100,000
  contacts, and the mock's RSS then; seeding 100,000 contacts in-process.
- pytest: the pytest plugin's fixture set-up (a one-test run with `contactkit_mock` against an
  empty test).
- contract: `contactkit check` against a local mock at its defaults, and a plain
  `schemathesis run` with the same example budget.
- store: benchmarks/bench_query.py (the store and query layer in-process, no HTTP).
- stores: the mock at 100,000 contacts on memory, on PostgreSQL and as two PostgreSQL replicas
  (harness/stores.py): seeding, one client, 32 connections. It needs PostgreSQL (a throwaway
  cluster, as the tests start). Alone: `--sections stores --output results/latest-stores`;
  then `--merge results/latest-stores.json` puts its section into latest.{json,md,png}
  without measuring anything again.

Every loop is bounded in count and time, all traffic goes to 127.0.0.1, and every server runs in
its own process group, stopped on the way out whatever happens (also on Ctrl-C and SIGTERM).
Results: results/latest.json (raw), results/latest.md (tables), results/latest.png (chart);
server and tool output in results/logs/.

The work lives in harness/: config (paths, operations, budgets), servers (process control),
workload (what the requests ask for), load (the sequential client and wrk), sections (the other
sections). This script picks the sections, runs them and writes the results (report.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from harness.config import LOGS, PRISM, QUICK, RESULTS, ROOT, Budget, log
from harness.load import section_load
from harness.sections import section_contract, section_pytest, section_startup, section_store
from harness.servers import CORES, PINNED
from harness.stores import section_stores

SECTIONS: dict[str, Callable[[Budget], dict[str, Any]]] = {
    "load": section_load,
    "startup": section_startup,
    "pytest": section_pytest,
    "contract": section_contract,
    "store": section_store,
    "stores": section_stores,
}


def _first_line(command: list[str]) -> str:
    """Return the first line a command prints (stdout, else stderr), or "not found"."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        lines = (out.stdout or out.stderr).strip().splitlines()
        return lines[0] if lines else ""
    return "not found"


def _cpu_model() -> str:
    """Return the CPU's model name from /proc/cpuinfo."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def machine() -> dict[str, Any]:
    """Return what the figures were measured on."""
    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _first_line(["git", "-C", str(ROOT), "status", "--porcelain", "--", "mockserver"])
    dirty = "" if dirty == "not found" else dirty
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": CORES,
        "pinned": PINNED,
        "python": platform.python_version(),
        "wrk": _first_line(["wrk", "--version"]),
        "prism": _first_line([str(PRISM), "--version"]),
        "commit": commit + (" (mockserver/ modified)" if dirty else ""),
        "load_before": os.getloadavg(),
    }


def wait_for_quiet(seconds: float) -> None:
    """Wait until the 1-minute load average is below 1 (at most `seconds`); say if it is not."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= 1.0 and time.monotonic() < deadline:
        log(f"load average {os.getloadavg()[0]:.2f}: waiting for < 1.0")
        time.sleep(min(60.0, max(0.0, deadline - time.monotonic())))
    if os.getloadavg()[0] >= 1.0:
        log(f"warning: load average {os.getloadavg()[0]:.2f}: the figures will be noisy")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line; exit with usage if a section is unknown or a tool is missing."""
    parser = argparse.ArgumentParser(description="Run the benchmarks; write benchmarks/results/.")
    parser.add_argument("--quick", action="store_true", help="tiny budgets, to try the pipeline")
    parser.add_argument(
        "--sections", default=",".join(SECTIONS), help=f"subset of {','.join(SECTIONS)}"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS / "latest", help="results path without suffix"
    )
    parser.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        metavar="MINUTES",
        help="first wait (polling every 60 s, at most MINUTES) for a 1-minute load average < 1",
    )
    parser.add_argument(
        "--merge",
        type=Path,
        metavar="RESULTS_JSON",
        help="measure nothing: put the sections of a saved run into --output's results",
    )
    args = parser.parse_args(argv)
    args.chosen = [s for s in args.sections.split(",") if s]
    unknown = sorted(set(args.chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown sections: {unknown}")
    for tool, path in (("wrk", shutil.which("wrk")), ("prism", PRISM if PRISM.exists() else None)):
        if path is None and "load" in args.chosen and args.merge is None:
            parser.error(f"{tool} is not installed: run benchmarks/setup.sh (make bench does)")
    return args


def run_sections(chosen: list[str], budget: Budget, results: dict[str, Any]) -> list[str]:
    """Run the chosen sections into `results`; return the names of those that failed."""
    failed = []
    for name in chosen:
        began = time.perf_counter()
        try:
            results[name] = SECTIONS[name](budget)
        except (RuntimeError, OSError, subprocess.SubprocessError, httpx.HTTPError) as error:
            # One broken section (a server that does not start) still leaves the others' figures.
            log(f"section {name} FAILED: {error}")
            results[name] = {"error": str(error)}
            failed.append(name)
        results[name]["section_s"] = time.perf_counter() - began
    return failed


def write_results(results: dict[str, Any], output: Path) -> None:
    """Write output.json (raw), then output.md and output.png (report.py)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    import report  # benchmarks/report.py, beside this script (sys.path[0])

    report.write(results, output)


def merge(source: Path, output: Path) -> None:
    """Put the sections of the saved run `source` into output.json (kept: the others), render."""
    saved = json.loads(source.read_text())
    target = output.with_suffix(".json")
    results = json.loads(target.read_text()) if target.exists() else {"machine": {}}
    for name in SECTIONS:
        if name in saved:
            # Each merged section keeps what it was measured on, apart from the run's machine.
            results[name] = {**saved[name], "measured_on": saved.get("machine", {})}
            log(f"merged section {name} of {source} into {target}")
    write_results(results, output)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections and write the results; return 1 if a section failed."""
    args = parse_args(argv)
    if args.merge is not None:
        merge(args.merge, args.output)
        return 0
    # SIGTERM unwinds like Ctrl-C, so that every `finally` stops its server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if PINNED:
        os.sched_setaffinity(0, {0})  # this process and what it starts without taskset: core 0
    budget = QUICK if args.quick else Budget()
    wait_for_quiet(args.wait_for_quiet * 60)
    LOGS.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick}
    log(f"machine: {results['machine']}")
    began = time.perf_counter()
    failed = run_sections(args.chosen, budget, results)
    results["machine"]["load_after"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - began
    write_results(results, args.output)
    output = args.output
    log(f"done in {results['total_s']:.0f} s: {output}.md, {output}.png, {output}.json")
    if failed:
        log(f"failed sections: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
