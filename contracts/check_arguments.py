"""The options of `contactkit check`, and the defaults its run derives from them."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from contracts.apis import APIS, DEFAULT_API
from contracts.assumptions import MODES
from contracts.options import add_connection_arguments
from contracts.schemathesis_run import REPORT_FORMATS

DEADLINE = 900.0  # seconds: a whole default run against staging takes a few minutes
FUZZ_SECONDS = 300  # --fuzz's default budget
# A --fuzz run's default deadline is its budget plus this: the start, the last cases in
# flight when the budget ends, and shrinking a failure found late.
FUZZ_MARGIN = 120.0


def _checks_help() -> str:
    per_api = "; ".join(f"{name}: {', '.join(api.checks)}" for name, api in APIS.items())
    return f"comma-separated subset of the API's checks (default all) - {per_api}"


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        choices=sorted(APIS),
        default=DEFAULT_API,
        help=f"the API the server implements (default {DEFAULT_API})",
    )
    parser.add_argument(
        "--base-url", help="the server under test, e.g. https://staging.example.com (required)"
    )
    add_connection_arguments(parser, "a key of another organization: checks tenant isolation")
    parser.add_argument(
        "--read-only", action="store_true", help="send only GET requests (production)"
    )
    parser.add_argument(
        "--rate-limit", type=float, help="at most this many requests a second (no limit)"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the check command's options on `parser`."""
    _target_arguments(parser)
    parser.add_argument("--junit-xml", type=Path, help="write a JUnit XML report to this file")
    _report_arguments(parser)
    parser.add_argument(
        "--max-examples", type=int, default=10, help="Schemathesis cases per operation (10)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of generated data (0)")
    parser.add_argument(
        "--workers", type=int, default=1, help="parallel Schemathesis processes (1)"
    )
    parser.add_argument("--checks", default="", help=_checks_help())
    parser.add_argument(
        "--run-id", help="the run's id, carried by all it creates (default: a random one)"
    )
    parser.add_argument(
        "--ledger", type=Path, help="where to record what the run creates (default: a temp file)"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        help=f"seconds for the whole run; then it stops and cleans up ({DEADLINE:g}; "
        f"with --fuzz, its duration + {FUZZ_MARGIN:g})",
    )
    _fuzz_arguments(parser)
    parser.add_argument(
        "--assumptions",
        choices=MODES,
        default="enforce",
        help="enforce (default): every rule fails the run; report: violations of x-assumption "
        "decisions (where the vendor documents are silent) are listed apart and do not fail",
    )
    parser.add_argument(
        "--rules",
        action="store_true",
        help="print every rule of the API's spec and the checks that cover it; no server needed",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="name every test as it runs")


def _fuzz_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fuzz",
        action="store_true",
        help="fuzz for a time budget: Schemathesis's fuzzing and stateful phases repeat until "
        "--duration is spent (runs the schemathesis check only, unless --checks names more)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        metavar="SECONDS",
        help=f"the budget of --fuzz ({FUZZ_SECONDS})",
    )


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json-report",
        type=Path,
        help="write the run as JSON: violations, assumptions, rule coverage, timings, run id",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        default=os.environ.get("GITHUB_STEP_SUMMARY") or None,
        help="append a Markdown summary to this file (default: $GITHUB_STEP_SUMMARY, if set)",
    )
    parser.add_argument(
        "--schemathesis-report",
        default="",
        help=f"Schemathesis's own reports, comma-separated: {', '.join(REPORT_FORMATS)}",
    )
    parser.add_argument(
        "--schemathesis-report-dir",
        type=Path,
        default=Path("schemathesis-report"),
        help="where they go, one folder per Schemathesis process (schemathesis-report)",
    )
