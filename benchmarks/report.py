"""Render benchmarks/run.py's results as a Markdown table and a PNG chart.

Run: .venv/bin/python benchmarks/report.py [benchmarks/results/latest.json]
(run.py calls `write` itself; this re-renders saved results without measuring again).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import report_stores  # beside this file: sys.path[0] for run.py and for this script
from harness import config

OPERATIONS = dict(config.OPERATIONS)
SIZES = {"1k": "1,000", "100k": "100,000"}
# What good looks like (issue 6).
SEARCH_P99_MS = 20.0
READ_P50_MS = 3.0
SEED_S = 3.0
STARTUP_S = 1.5
RSS_MB = 400.0
CONTRACT_S = 180.0
# What Prism is measured on (it keeps no state, so it only answers what needs none).
PRISM_OPS = ("list", "get", "create")


def _get(data: Any, *keys: str) -> Any:
    """Return data[k1][k2]..., or None where a level is missing."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _num(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text + unit


def _ratio(ours: float | None, peer: float | None) -> str:
    if not ours or not peer or math.isnan(ours) or math.isnan(peer):
        return "—"
    return f"{ours / peer:.2f}x"


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**missed**")


def _op(results: dict[str, Any], server: str, op: str, mode: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = _get(results, "load", "servers", server, "ops", op, mode)
    return found


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Return (target, measured, met) for each target of the issue."""
    rows: list[tuple[str, str, bool | None]] = []

    def seq(server: str, op: str, key: str) -> float | None:
        value = _get(_op(results, server, op, "seq"), key)
        return None if value is None else float(value)

    rare, common = (
        seq("mock-100k", "search_rare", "p99_ms"),
        seq("mock-100k", "search_common", "p99_ms"),
    )
    ok = None if rare is None or common is None else max(rare, common) < SEARCH_P99_MS
    rows.append(
        (
            f"Search over 100,000 contacts: p99 < {SEARCH_P99_MS:.0f} ms at one client",
            f"rare term {_num(rare, ' ms')}, common term {_num(common, ' ms')}",
            ok,
        )
    )
    reads = {
        f"{op} {size}": seq(f"mock-{size}", op, "p50_ms")
        for op in ("get", "list")
        for size in SIZES
    }
    values = [v for v in reads.values() if v is not None]
    rows.append(
        (
            f"Get-by-id and list at one client: p50 < {READ_P50_MS:.0f} ms",
            ", ".join(f"{k}: {_num(v, ' ms')}" for k, v in reads.items()),
            None if not values else max(values) < READ_P50_MS,
        )
    )
    ratios = {}
    for op in ("list", "get"):
        ours = _get(_op(results, "mock-100k", op, "wrk"), "rps")
        prism = _get(_op(results, "prism", op, "wrk"), "rps")
        ratios[op] = (ours, prism)
    complete = all(o and p for o, p in ratios.values())
    rows.append(
        (
            "Throughput at 32 connections >= Prism's, list and get, 100,000 contacts",
            ", ".join(
                f"{op}: {_num(o)} vs {_num(p)} req/s ({_ratio(o, p)})"
                for op, (o, p) in ratios.items()
            ),
            None if not complete else all(o >= p for o, p in ratios.values()),
        )
    )
    rows += _peer_rows(results, ratios, seq)
    seeding = _get(results, "startup", "seeding", "runs_s")
    contacts = _get(results, "startup", "seeding", "contacts")
    rows.append(
        (
            f"Seeding 100,000 contacts < {SEED_S:.0f} s",
            "—"
            if not seeding
            else f"{seeding[0]:.2f} s first seed in a process, {min(seeding[1:] or seeding):.2f} s "
            f"a reseed ({contacts:,} contacts: the `large` profile)",
            None if not seeding else seeding[0] < SEED_S,
        )
    )
    startup = _get(results, "startup", "default", "median_s")
    rows.append(
        (
            f"Start-up, default profile < {STARTUP_S} s",
            _num(startup, " s"),
            None if startup is None else startup < STARTUP_S,
        )
    )
    rss = _get(results, "startup", "100k", "rss_mb", "VmRSS")
    rows.append(
        (
            f"RSS at 100,000 contacts < {RSS_MB:.0f} MB",
            _num(rss, " MB"),
            None if rss is None else rss < RSS_MB,
        )
    )
    check = _get(results, "contract", "contactkit_check")
    rows.append(
        (
            f"Default contract run against the local mock < {CONTRACT_S / 60:.0f} min",
            "—" if not check else f"{check['wall_s']:.1f} s (exit {check['exit_code']})",
            None if not check else (check["wall_s"] < CONTRACT_S and not check["timed_out"]),
        )
    )
    return rows


def _peer_rows(
    results: dict[str, Any],
    ratios: dict[str, tuple[Any, Any]],
    seq: Callable[[str, str, str], float | None],
) -> list[tuple[str, str, bool | None]]:
    """Issue 15's targets: one client no slower than Prism; the Starlette ceiling (stretch)."""
    p50 = {op: (seq("mock-100k", op, "p50_ms"), seq("prism", op, "p50_ms")) for op in PRISM_OPS}
    known = all(o and p for o, p in p50.values())
    ceiling = {
        op: (ratios[op][0], _get(_op(results, "starlette-100k", op, "wrk"), "rps")) for op in ratios
    }
    near = all(o and c for o, c in ceiling.values())
    return [
        (
            "One client, sequential: p50 <= Prism's, list, get and create, 100,000 contacts",
            ", ".join(f"{op}: {_num(o, ' ms')} vs {_num(p, ' ms')}" for op, (o, p) in p50.items()),
            None if not known else all(o <= p for o, p in p50.values()),
        ),
        (
            "Stretch: throughput within 1.5x of the bare Starlette ceiling, list and get",
            ", ".join(
                f"{op}: {_num(o)} vs {_num(c)} req/s ({_ratio(o, c)})"
                for op, (o, c) in ceiling.items()
            ),
            None if not near else all(o * 1.5 >= c for o, c in ceiling.values()),
        ),
    ]


def _load_tables(results: dict[str, Any]) -> list[str]:
    servers = _get(results, "load", "servers") or {}
    if not servers:
        return [
            "Not measured."
            + (f" Error: {results['load']['error']}" if _get(results, "load", "error") else "")
        ]
    lines = [
        "### 32 connections (wrk)",
        "",
        "Requests per second and latency at 32 connections. Ratios are ours / peer in req/s: "
        "above 1 we are faster.",
        "",
        "| operation | contacts / org | ours req/s | ours p50 / p99 ms | Starlette req/s "
        "| Prism req/s | ours / Starlette | ours / Prism |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for op, label in OPERATIONS.items():
        for size, size_label in SIZES.items():
            ours = _op(results, f"mock-{size}", op, "wrk") or {}
            base = _op(results, f"starlette-{size}", op, "wrk") or {}
            prism = _op(results, "prism", op, "wrk") or {}
            errors = sum(x.get("errors", 0) for x in (ours, base, prism))
            note = f" ({errors} errors)" if errors else ""
            lines.append(
                f"| {label}{note} | {size_label} | {_num(ours.get('rps'))} "
                f"| {_num(ours.get('p50_ms'))} / {_num(ours.get('p99_ms'))} "
                f"| {_num(base.get('rps'))} | {_num(prism.get('rps'))} "
                f"| {_ratio(ours.get('rps'), base.get('rps'))} "
                f"| {_ratio(ours.get('rps'), prism.get('rps'))} |"
            )
    lines += [
        "",
        "### One client, sequential calls",
        "",
        "p50 / p99 in ms of one keep-alive httpx client calling in a loop, as a test suite does "
        "(client time included). Ratios are ours / peer at p50: below 1 we are faster.",
        "",
        "| operation | contacts / org | ours | Starlette | Prism | ours / Starlette "
        "| ours / Prism |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for op, label in OPERATIONS.items():
        for size, size_label in SIZES.items():
            ours = _op(results, f"mock-{size}", op, "seq") or {}
            base = _op(results, f"starlette-{size}", op, "seq") or {}
            prism = _op(results, "prism", op, "seq") or {}

            def pair(stats: dict[str, Any]) -> str:
                if not stats:
                    return "—"
                return f"{_num(stats.get('p50_ms'))} / {_num(stats.get('p99_ms'))}"

            lines.append(
                f"| {label} | {size_label} | {pair(ours)} | {pair(base)} | {pair(prism)} "
                f"| {_ratio(ours.get('p50_ms'), base.get('p50_ms'))} "
                f"| {_ratio(ours.get('p50_ms'), prism.get('p50_ms'))} |"
            )
    workload = _get(results, "load", "workload") or {}
    terms = "; ".join(
        f"{SIZES.get(size, size)} contacts: rare `{w['rare']}` ({w['rare_total']:,} match), "
        f"common `{w['common']}` ({w['common_total']:,} matches of {w['contacts']:,})"
        for size, w in workload.items()
    )
    lines += [
        "",
        f"- Search terms, picked from the seeded data: {terms}. Search is a case-insensitive "
        "substring match over firstName, lastName, fullName, primaryPhone and primaryEmail.",
        "- **Prism has no state**: it answers every request with the spec's static example "
        "whatever the data, so it is measured once (the same figures stand in both rows) and "
        "only for list, get and create; it does not search, sort or store anything.",
        "- **Starlette** is `benchmarks/baseline_app.py`: the same seeded data, store, query "
        "layer, contact rules and rendering as the mock, in bare async Starlette routes with no "
        "Connexion, no validation, no journal: the ceiling for a Python server here.",
        "- Writes create: each create and each upsert item carries a new reserved phone "
        "(`+999...`), so the store grows during the write runs (reads are measured first, on "
        "the seeded data). Both sizes are seeded at start: `--contacts 1000 --audiences 6` "
        "(every organization) and `--profile large` (100,000 contacts for the key's "
        "organization, 5,000 for the other).",
    ]
    return lines


def markdown(results: dict[str, Any]) -> str:
    """Return the results as a Markdown document."""
    m = results.get("machine", {})
    before, after = m.get("load_before"), m.get("load_after")

    def loads(value: Any) -> str:
        return " / ".join(f"{x:.2f}" for x in value) if value else "—"

    lines = [
        "# Benchmarks: the mock beside Prism and a bare Starlette app",
        "",
        f"Measured by `make bench` on {m.get('date', '?')}: {m.get('cpu', '?')}, "
        f"{m.get('cores', '?')} cores; Python {m.get('python', '?')}, {m.get('wrk', '?')}, "
        f"Prism {m.get('prism', '?')}; commit {m.get('commit', '?')}. "
        + (
            "Servers pinned to core 1; wrk and the Python client to core 0. "
            if m.get("pinned")
            else "Not pinned (one core). "
        )
        + f"Load average (1 / 5 / 15 min) before {loads(before)}, after {loads(after)}. "
        f"Whole run: {results.get('total_s', 0) / 60:.1f} min."
        + (" **Quick mode: tiny budgets, not for comparison.**" if results.get("quick") else ""),
        "",
        "## Targets (issues 6 and 15)",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {t} | {v} | {_verdict(ok)} |" for t, v, ok in targets(results)]
    lines += ["", "## Load", "", *_load_tables(results), ""]
    lines += ["## Start-up, memory and the pytest plugin", "", "| measure | value |", "|---|--:|"]
    startup = results.get("startup") or {}
    for label, name in (("default", "default profile"), ("100k", "100,000 contacts")):
        runs = _get(startup, label, "runs_s")
        if runs:
            lines.append(
                f"| `contactkit mock` to the first 200, {name} (median of {len(runs)}) "
                f"| {_num(_get(startup, label, 'median_s'), ' s')} |"
            )
    seeding = _get(startup, "seeding")
    if seeding:
        runs = seeding["runs_s"]
        lines.append(
            f"| seeding the `large` profile in-process ({seeding['contacts']:,} contacts): first "
            f"/ reseed | {runs[0]:.2f} s / {min(runs[1:] or runs):.2f} s |"
        )
    rss = _get(startup, "100k", "rss_mb")
    if rss:
        lines.append(
            f"| RSS at 100,000 contacts after start (VmRSS; peak VmHWM) "
            f"| {_num(rss.get('VmRSS'), ' MB')} ({_num(rss.get('VmHWM'), ' MB')}) |"
        )
    grown = _get(results, "load", "servers", "mock-100k", "rss_after_mb", "VmRSS")
    if grown:
        lines.append(
            "| RSS of the 100,000-contact mock after the load runs (writes included) "
            f"| {_num(grown, ' MB')} |"
        )
    pytest_results = results.get("pytest") or {}
    if "fixture_s" in pytest_results:
        with_mock, empty = pytest_results["test_with_mock.py"], pytest_results["test_empty.py"]
        lines += [
            "| pytest, one test using `contactkit_mock` (wall, median) "
            f"| {_num(with_mock['median_wall_s'], ' s')} |",
            f"| pytest, one empty test (wall, median) | {_num(empty['median_wall_s'], ' s')} |",
            "| `contactkit_mock` set-up (pytest --durations: that test's set-up minus the "
            f"empty test's) | {_num(pytest_results.get('fixture_setup_s'), ' s')} |",
            "| the same, as the difference of the two runs' wall times "
            f"| {_num(pytest_results['fixture_s'], ' s')} |",
        ]
    contract = results.get("contract") or {}
    lines += [
        "",
        "## Contract suite",
        "",
        "| command (against a local mock, default profile) | wall time | exit code |",
        "|---|--:|--:|",
    ]
    for key, label in (
        (
            "contactkit_check",
            "`contactkit check --base-url URL --api-key test-key-org-a` (defaults: 10 examples)",
        ),
        (
            "schemathesis_run",
            "`schemathesis run openapi/gomobile.yaml --url URL -H 'x-api-key: ...' "
            "--max-examples 10`",
        ),
    ):
        outcome = contract.get(key)
        if outcome:
            wall = f"{outcome['wall_s']:.1f} s" + (" (timed out)" if outcome["timed_out"] else "")
            lines.append(f"| {label} | {wall} | {outcome['exit_code']} |")
    store = _get(results, "store", "output")
    if store:
        lines += [
            "",
            "## The store alone (`benchmarks/bench_query.py`, in-process, no HTTP)",
            "",
            "```",
            store.rstrip(),
            "```",
        ]
    lines += ["", *report_stores.section(results)]
    errors = [
        f"- {name}: {section['error']}"
        for name, section in results.items()
        if isinstance(section, dict) and "error" in section
    ]
    if errors:
        lines += ["", "## Failed sections", "", *errors]
    lines += ["", "Reproduce: `make bench` (about 10 minutes; see README, Benchmarks).", ""]
    return "\n".join(lines)


def chart(results: dict[str, Any], path: Path) -> None:
    """Draw req/s at 32 connections and p50 at one client, per operation and server."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = (
        ("mock-1k", "ours, 1,000", "#1f77b4"),
        ("mock-100k", "ours, 100,000", "#0b3d66"),
        ("starlette-1k", "Starlette, 1,000", "#98df8a"),
        ("starlette-100k", "Starlette, 100,000", "#2ca02c"),
        ("prism", "Prism (no state)", "#ff7f0e"),
    )
    ops = list(OPERATIONS)
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(12, 9), constrained_layout=True)
    width = 0.8 / len(series)
    for index, (server, label, color) in enumerate(series):
        xs = [i + (index - (len(series) - 1) / 2) * width for i in range(len(ops))]
        rps = [_get(_op(results, server, op, "wrk"), "rps") or 0 for op in ops]
        p50 = [_get(_op(results, server, op, "seq"), "p50_ms") or 0 for op in ops]
        p99 = [_get(_op(results, server, op, "seq"), "p99_ms") or 0 for op in ops]
        top.bar(xs, rps, width, label=label, color=color)
        bottom.bar(xs, p50, width, label=label, color=color)
        # p99 as a tick above each bar.
        bottom.scatter(xs, [v or math.nan for v in p99], marker="_", s=80, color="black", zorder=3)
    for axis in (top, bottom):
        axis.set_xticks(range(len(ops)), [OPERATIONS[op] for op in ops], fontsize=9)
        axis.set_yscale("log")
        axis.grid(axis="y", which="both", alpha=0.3)
    top.set_ylabel("requests / s (log)")
    top.set_title("Throughput at 32 connections (wrk) — higher is better")
    top.legend(ncols=5, fontsize=9, loc="upper right")
    bottom.set_ylabel("ms (log)")
    bottom.set_title("One client, sequential calls: p50 bars, p99 ticks — lower is better")
    bottom.axhline(READ_P50_MS, color="grey", linestyle=":", linewidth=1)
    bottom.axhline(SEARCH_P99_MS, color="red", linestyle=":", linewidth=1)
    bottom.text(
        len(ops) - 0.5,
        READ_P50_MS,
        "3 ms (p50 target, get/list)",
        fontsize=8,
        ha="right",
        va="bottom",
    )
    bottom.text(
        len(ops) - 0.5,
        SEARCH_P99_MS,
        "20 ms (p99 target, search)",
        fontsize=8,
        ha="right",
        va="bottom",
        color="red",
    )
    date = _get(results, "machine", "date") or ""
    figure.suptitle(f"contactkit mock vs bare Starlette vs Prism 5 — {date}", fontsize=11)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: dict[str, Any], output: Path) -> None:
    """Write output.md and output.png (and the stores chart) from `results`."""
    others = ("load", "startup", "pytest", "contract", "store")
    alone = "stores" in results and not any(name in results for name in others)
    output.with_suffix(".md").write_text(
        report_stores.document(results) if alone else markdown(results)
    )
    if _get(results, "load", "servers"):
        chart(results, output.with_suffix(".png"))
    if _get(results, "stores", "setups"):
        report_stores.chart(results, report_stores.chart_path(results, output))


def main() -> None:
    source = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parent / "results" / "latest.json"
    )
    results = json.loads(source.read_text())
    write(results, source.with_suffix(""))
    print(f"wrote {source.with_suffix('.md')} and {source.with_suffix('.png')}")


if __name__ == "__main__":
    main()
