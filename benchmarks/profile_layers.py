"""Where a request's CPU goes in the mock, layer by layer: py-spy under wrk load.

Run: .venv/bin/python benchmarks/profile_layers.py [--label after] [--seconds 10] [--size 100k]
     (needs wrk and taskset: benchmarks/setup.sh installs them; py-spy comes with the bench extra)

For each operation (list page 1 limit 20, get by id, create) it starts `contactkit mock` on core 1,
puts wrk on core 0 at 32 connections, and samples the server with py-spy (`--gil`: only the
thread holding the GIL, so only Python work, never a thread waiting in epoll or on a lock).
harness/layers.py attributes each sample to a layer of the request path. Results go to
results/profile-<label>.{md,json}; docs/performance.md shows the tables before and after.
The per-request figure divides the layer's sampled time by wrk's request count over the same
window: py-spy's rate is approximate, so read it as a size, and the shares as the finding.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from typing import Any

from harness.config import BIN, RESULTS, SIZES, Budget, log
from harness.layers import parse_raw, shares
from harness.load import wrk
from harness.servers import mock_command, pin, server
from harness.workload import Phones, discover

OPERATIONS = ("list", "get", "create")
RATE = 500  # samples per second


def profile_op(op: str, size: str, seconds: int) -> dict[str, Any]:
    """Profile the mock under wrk for one operation; return layer shares and the request rate."""
    _, options = SIZES[size]
    raw = RESULTS / "logs" / f"profile-{op}.txt"
    with server(f"profile-{op}", mock_command(options), 120.0) as srv:
        workload = discover(size, srv.url)
        spy = subprocess.Popen(
            [
                *pin(0),
                str(BIN / "py-spy"),
                "record",
                "--pid",
                str(srv.process.pid),
                "--gil",
                "--nonblocking",
                "--rate",
                str(RATE),
                "--duration",
                str(seconds + 1),
                "--format",
                "raw",
                "--output",
                str(raw),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        load = wrk(srv.url, op, workload, Phones(), Budget(wrk_seconds=seconds))
        spy.wait(timeout=seconds + 60)
    stacks = parse_raw(raw.read_text().splitlines())
    layers = shares(stacks)
    busy = sum(layer.samples for layer in layers)
    us_per_request = busy / RATE / max(load["requests"], 1) * 1e6
    return {
        "rps": load["rps"],
        "requests": load["requests"],
        "us_per_request": us_per_request,
        "layers": [
            {"layer": s.layer, "share": s.share, "us": s.share * us_per_request} for s in layers
        ],
    }


def to_markdown(label: str, size: str, results: dict[str, Any]) -> str:
    """Return one table: a row per layer, a share and µs/request column per operation."""
    ops = list(results)
    order: Counter[str] = Counter()
    for op in ops:
        for row in results[op]["layers"]:
            order[row["layer"]] += row["share"]
    head = " | ".join(f"{op} share | {op} µs" for op in ops)
    lines = [
        f"### Profile: {label} ({size} contacts, 32 connections)",
        "",
        f"| layer | {head} |",
        "|---|" + "--:|" * (2 * len(ops)),
    ]
    for layer, _ in order.most_common():
        cells = []
        for op in ops:
            row = next((r for r in results[op]["layers"] if r["layer"] == layer), None)
            cells += [f"{row['share']:.1%}", f"{row['us']:.0f}"] if row else ["—", "—"]
        lines.append(f"| {layer} | " + " | ".join(cells) + " |")
    totals = " | ".join(f"**100%** | **{results[op]['us_per_request']:.0f}**" for op in ops)
    rates = ", ".join(f"{op} {results[op]['rps']:,.0f} req/s" for op in ops)
    lines += [f"| **per request** | {totals} |", "", f"wrk while sampling: {rates}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Profile each operation and write results/profile-<label>.{md,json}."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="current")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--size", choices=sorted(SIZES), default="100k")
    parser.add_argument("--ops", default=",".join(OPERATIONS))
    args = parser.parse_args(argv)
    if not (BIN / "py-spy").exists() or not shutil.which("wrk"):
        print(
            "profile_layers: needs py-spy (pip install -e '.[bench]') and wrk "
            "(benchmarks/setup.sh)",
            file=sys.stderr,
        )
        return 2
    results = {}
    for op in args.ops.split(","):
        log(f"profiling {op}")
        results[op] = profile_op(op, args.size, args.seconds)
    markdown = to_markdown(args.label, args.size, results)
    (RESULTS / f"profile-{args.label}.md").write_text(markdown)
    (RESULTS / f"profile-{args.label}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
