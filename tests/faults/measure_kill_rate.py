"""Measure how many catalogue faults our suite and a plain `schemathesis run` catch.

    .venv/bin/python tests/faults/measure_kill_rate.py [--api NAME] [--faults ID,ID] [--output FILE]

For every fault of the catalogue it serves the faulty mock from this process and runs, each
as a subprocess against a freshly reset mock:

1. our suite, lean: `contactkit check --checks <the fault's checks> --max-examples 5`;
2. our suite, the full default configuration: `contactkit check` with both keys;
3. plain Schemathesis: `schemathesis run openapi/gomobile.yaml --url <mock> -H 'x-api-key: ...'
   --checks all --max-examples 20 --seed 0 --generation-database none --no-color`.

Plain Schemathesis already fails on the unmodified mock (false alarms of its stateful and
fuzzing phases on this API), so its exit code says nothing about a fault: a fault counts as
killed by it only when its failures include one the baseline run does not have. The result
is a Markdown table (tests/faults/KILL_RATE.md by default). It takes a while (about 40 s per
fault); it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Run as a script: make `faults` importable as the tests import it (tests/ on the path).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faults.catalogue import CATALOGUE, Fault, applied
from faults.client_catalogue import CLIENT_CATALOGUE
from faults.runs import (
    PLAIN_TARGETS,
    PlainRun,
    Run,
    check_command,
    lean_check_command,
    plain_schemathesis,
    run,
)
from mockserver.testing import MockServer

HERE = Path(__file__).resolve().parent
# Per API: its catalogue (and the file defining it) and where its report goes by default.
CATALOGUES = {
    "gomobile": (CATALOGUE, "catalogue.py", HERE / "KILL_RATE.md"),
    "client-contacts": (CLIENT_CATALOGUE, "client_catalogue.py", HERE / "KILL_RATE_CLIENT.md"),
}
EXIT_VIOLATION = 1


@dataclass(frozen=True)
class Measurement:
    """What the three runs made of one fault."""

    fault: Fault
    lean: Run
    full: Run
    plain: PlainRun
    new_plain_failures: frozenset[str]
    ignored_plain_failures: frozenset[str]

    @property
    def lean_killed(self) -> bool:
        """Our lean run exited with a violation."""
        return self.lean.returncode == EXIT_VIOLATION

    @property
    def full_killed(self) -> bool:
        """Our full default run exited with a violation."""
        return self.full.returncode == EXIT_VIOLATION

    @property
    def plain_killed(self) -> bool:
        """Plain Schemathesis failed in a way it does not on the unmodified mock."""
        return bool(self.new_plain_failures)


def measure(mock: MockServer, fault: Fault, baseline: frozenset[str], api: str) -> Measurement:
    """Run the three configurations against `mock`'s `api` with `fault` applied."""
    with applied(fault, mock):
        lean = run(lean_check_command(mock, fault.checks, api=api))
        # Each run starts from the seed data, as the first did (the patch stays applied).
        mock.reset()
        full = run(check_command(mock, api=api))
        mock.reset()
        plain = plain_schemathesis(mock, api=api)
    new, ignored = compare(plain.failures, baseline)
    return Measurement(fault, lean, full, plain, new, ignored)


STATEFUL = "@ Stateful tests"


def compare(
    failures: frozenset[str], baseline: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """Split the failures the baseline lacks into (new, ignored as a known false alarm).

    The stateful phase names no operation ("@ Stateful tests"), and which of its sequences
    meets a false alarm depends on the data the fault changes: a stateful failure with a code
    the baseline already has (anywhere) is that known false alarm met elsewhere, not news.
    """
    known_codes = {failure.split(" ", 1)[0] for failure in baseline}
    unseen = failures - baseline
    ignored = frozenset(
        f for f in unseen if f.endswith(STATEFUL) and f.split(" ", 1)[0] in known_codes
    )
    return unseen - ignored, ignored


def _mark(killed: bool) -> str:
    return "killed" if killed else "**survived**"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


OURS_FULL = "contactkit check --api {api} --base-url URL --api-key KEY --other-api-key KEY2"
OURS_LEAN = "the same with --checks <the fault's checks> --max-examples 5"
PLAIN = (
    "schemathesis run openapi/{spec} --url URL -H '{header}: KEY' --checks all "
    "--max-examples 20 --seed 0 --generation-database none --no-color"
)
RULE = """\
- Our suite: `contactkit check` exits 1 (a contract violation).
- Plain Schemathesis already fails on the unmodified mock (its baseline run below), so its exit
  code says nothing about a fault. Its failures are read from its JSON report (`--report json`)
  as pairs *failure code and title @ operation*. A fault counts as killed by it only when its
  run has a pair the baseline run does not have; a fault that merely repeats the baseline's
  false alarms survives. One exception: the stateful phase names no operation
  (`@ Stateful tests`), and which of its sequences meets a false alarm depends on the data a
  fault changes, so a stateful failure whose code the baseline already has (e.g. the
  `customAttributes` rejection, ST202) is that known false alarm, not news: it is listed as
  ignored and does not count. The new pairs are listed per fault."""


def markdown(
    api: str,
    rows: list[Measurement],
    baseline: PlainRun,
    clean: Run,
    started: float,
    seconds: float,
) -> str:
    """Render the measurements of `api`'s catalogue as the Markdown report."""
    spec, header = PLAIN_TARGETS[api]
    plain_command = PLAIN.format(spec=spec, header=header)
    total = len(rows)
    ours, lean = sum(r.full_killed for r in rows), sum(r.lean_killed for r in rows)
    plain = sum(r.plain_killed for r in rows)
    day = time.strftime("%Y-%m-%d", time.gmtime(started))
    lines = [
        f"# Kill rate of the contract suite on the {api} fault catalogue",
        "",
        f"Measured by `tests/faults/measure_kill_rate.py` on {day}: {total} faults, each one",
        f"semantic deviation patched into the mock (`tests/faults/{CATALOGUES[api][1]}`);",
        f"{seconds / 60:.1f} minutes in all.",
        "",
        f"**our suite: {ours}/{total} killed; "
        f"plain schemathesis --checks all: {plain}/{total} killed**",
        "",
        f"- our suite, full default configuration (`{OURS_FULL.format(api=api)}`): "
        f"{ours}/{total} killed;",
        f"- our suite, lean configuration ({OURS_LEAN}): {lean}/{total} killed;",
        f"- plain Schemathesis (`{plain_command}`): {plain}/{total} killed.",
        "",
        "## How a fault counts as killed",
        "",
        RULE,
        "",
        "Baselines on the unmodified mock:",
        "",
        f"- our suite, full default configuration: exit {clean.returncode} "
        f"({clean.seconds:.0f} s);",
        f"- plain Schemathesis: exit {baseline.run.returncode} ({baseline.run.seconds:.0f} s), "
        "failing with (false alarms on this API, not bugs of the mock):",
        *[f"  - `{failure}`" for failure in sorted(baseline.failures)],
        "",
        "## Per fault",
        "",
        "| fault | deviation | ours (full) | ours (lean: checks) | plain schemathesis "
        "| new plain-Schemathesis failures | time full / lean / plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        new = "<br>".join(f"`{_cell(f)}`" for f in sorted(r.new_plain_failures)) or "none"
        if r.ignored_plain_failures:
            ignored = ", ".join(f"`{_cell(f)}`" for f in sorted(r.ignored_plain_failures))
            new += f"<br>(ignored, known false alarm: {ignored})"
        lines.append(
            f"| `{r.fault.id}` | {_cell(r.fault.description)} | {_mark(r.full_killed)} "
            f"| {_mark(r.lean_killed)}: {', '.join(r.fault.checks)} | {_mark(r.plain_killed)} "
            f"| {new} | {r.full.seconds:.0f} s / {r.lean.seconds:.0f} s / "
            f"{r.plain.run.seconds:.0f} s |"
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    """Measure the catalogue (or the faults named) and write the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", choices=list(CATALOGUES), default="gomobile")
    parser.add_argument("--faults", help="comma-separated fault ids (default: all)")
    parser.add_argument("--output", type=Path, help="Markdown file (default: per API)")
    args = parser.parse_args()
    catalogue, _, default_output = CATALOGUES[args.api]
    wanted = set(args.faults.split(",")) if args.faults else None
    faults = [f for f in catalogue if wanted is None or f.id in wanted]
    started = time.time()
    # No response validation: some faults answer off-spec on purpose (the checks must see it).
    with MockServer(validate_responses=False) as mock:
        mock.reset()
        clean = run(check_command(mock, api=args.api))
        mock.reset()
        baseline = plain_schemathesis(mock, api=args.api)
        print(
            f"unmodified mock: ours exit {clean.returncode} ({clean.seconds:.0f} s); plain "
            f"schemathesis exit {baseline.run.returncode}, {len(baseline.failures)} failures "
            f"({baseline.run.seconds:.0f} s)",
            flush=True,
        )
        rows = []
        for fault in faults:
            row = measure(mock, fault, baseline.failures, args.api)
            rows.append(row)
            print(
                f"{fault.id:<40} full {_mark(row.full_killed):<12} lean "
                f"{_mark(row.lean_killed):<12} plain {_mark(row.plain_killed):<12} "
                f"({row.full.seconds:.0f}/{row.lean.seconds:.0f}/{row.plain.run.seconds:.0f} s)",
                flush=True,
            )
    report = markdown(args.api, rows, baseline, clean, started, time.time() - started)
    (args.output or default_output).write_text(report, encoding="utf-8")
    print(next(line for line in report.splitlines() if line.startswith("**our suite")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
