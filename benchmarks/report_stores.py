"""Render the `stores` section (harness/stores.py) as Markdown tables and a PNG chart.

report.py calls it: within latest.md when the results hold the section among others, and as
the whole document of a run of that section alone (results/latest-stores.md).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from harness import config

SETUPS = {
    "memory": "memory",
    "postgresql-1": "PostgreSQL, 1 replica",
    "postgresql-2": "PostgreSQL, 2 replicas",
}
# The load section's operations but the upsert, which the stores section does not run.
OPERATIONS = {name: label for name, label in config.OPERATIONS if name != "upsert"}
COLORS = {"memory": "#1f77b4", "postgresql-1": "#9467bd", "postgresql-2": "#d62728"}


def _fmt(value: Any, unit: str = "") -> str:
    """Return a figure with 3 significant digits or so, or a dash when missing."""
    if not isinstance(value, int | float) or math.isnan(value):
        return "—"
    text = f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return text + unit


def _op(setup: dict[str, Any], op: str, mode: str, key: str) -> Any:
    return setup.get("ops", {}).get(op, {}).get(mode, {}).get(key)


def section(results: dict[str, Any]) -> list[str]:
    """Return the Markdown lines of the stores section (empty when it is missing)."""
    stores = results.get("stores") or {}
    setups = {name: stores["setups"][name] for name in SETUPS if name in stores.get("setups", {})}
    if not setups:
        return [f"## Stores\n\nNot measured: {stores['error']}\n"] if "error" in stores else []
    names = list(setups)
    header = "| | " + " | ".join(SETUPS[name] for name in names) + " |"
    rule = "|---|" + "--:|" * len(names)
    lines = [
        "## Stores: memory, PostgreSQL, two PostgreSQL replicas (100,000 contacts)",
        "",
        "Indicative: one run on a loaded shared 2-core machine. PostgreSQL: a throwaway local",
        "cluster (fsync off), not pinned; the mock processes on core 1 (two replicas share it);",
        "two replicas: the client alternates between them, two wrk processes (16 connections",
        "each) load one replica each at once, req/s added up. Details: harness/stores.py.",
        "",
        "Seeding the `large` profile (105,000 contacts, 2,500 client contacts), seconds:",
        "",
        header,
        rule,
        "| first start to the first 200 (seeds; the 2nd replica joins) | "
        + " | ".join(_fmt(setups[n].get("startup_s"), " s") for n in names)
        + " |",
        "| `POST /__admin/reseed` (seeding alone, over HTTP) | "
        + " | ".join(_fmt(setups[n].get("reseed_s"), " s") for n in names)
        + " |",
        "",
        "One client, sequential calls, p50 / p99 ms:",
        "",
        header,
        rule,
    ]
    for op, label in OPERATIONS.items():
        cells = [
            " / ".join(_fmt(_op(setups[n], op, "seq", key)) for key in ("p50_ms", "p99_ms"))
            for n in names
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"{stores.get('connections', 32)} connections (wrk), req/s:", "", header, rule]
    for op, label in OPERATIONS.items():
        cells = [_fmt(_op(setups[n], op, "wrk", "rps")) for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    errors = {n: _errors(setups[n]) for n in names}
    if any(errors.values()):
        lines += [
            "",
            "Errors (non-2xx or socket errors): "
            + ", ".join(f"{n} {e}" for n, e in errors.items()),
        ]
    return [*lines, ""]


def _errors(setup: dict[str, Any]) -> int:
    """Return how many requests of a setup failed, in both modes."""
    return sum(
        (_op(setup, op, mode, "errors") or 0) for op in OPERATIONS for mode in ("seq", "wrk")
    )


def document(results: dict[str, Any]) -> str:
    """Return a run of the stores section alone as a Markdown document."""
    machine = results.get("machine", {})
    loads = " / ".join(f"{x:.2f}" for x in machine.get("load_before") or [])
    title = [
        "# Benchmarks: the mock's stores",
        "",
        f"Measured by `benchmarks/run.py --sections stores` on {machine.get('date', '?')}: "
        f"{machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; commit "
        f"{machine.get('commit', '?')}; load average before (1 / 5 / 15 min) {loads or '—'}.",
        "",
    ]
    return "\n".join([*title, *section(results)])


def chart(results: dict[str, Any], path: Path) -> None:
    """Draw req/s at 32 connections and p50 at one client, per operation and store."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    setups = results["stores"]["setups"]
    names = [name for name in SETUPS if name in setups]
    ops = list(OPERATIONS)
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8), constrained_layout=True)
    width = 0.8 / len(names)
    for index, name in enumerate(names):
        xs = [i + (index - (len(names) - 1) / 2) * width for i in range(len(ops))]
        rps = [_op(setups[name], op, "wrk", "rps") or 0 for op in ops]
        p50 = [_op(setups[name], op, "seq", "p50_ms") or 0 for op in ops]
        top.bar(xs, rps, width, label=SETUPS[name], color=COLORS[name])
        bottom.bar(xs, p50, width, label=SETUPS[name], color=COLORS[name])
    for axis in (top, bottom):
        axis.set_xticks(range(len(ops)), [OPERATIONS[op] for op in ops], fontsize=9)
        axis.set_yscale("log")
        axis.grid(axis="y", which="both", alpha=0.3)
        axis.legend(fontsize=9)
    top.set_ylabel("requests / s (log)")
    top.set_title("Throughput at 32 connections (wrk), 100,000 contacts — higher is better")
    bottom.set_ylabel("ms (log)")
    bottom.set_title("One client, sequential calls: p50 — lower is better")
    date = results.get("machine", {}).get("date", "")
    figure.suptitle(f"contactkit mock: memory vs PostgreSQL stores — {date}", fontsize=11)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def chart_path(results: dict[str, Any], output: Path) -> Path:
    """Return where the stores chart goes: output.png alone, else beside it (-stores)."""
    if results.get("load"):
        return output.with_name(output.name + "-stores").with_suffix(".png")
    return output.with_suffix(".png")
