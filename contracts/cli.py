"""`contactkit check`: run the contract suite against any server, with CI-friendly exit codes.

Exit 0 when the target meets the contract, 1 when it violates it, 2 when the run cannot
vouch either way: a usage error, a target that is unreachable, unhealthy or wrong at the
start (one line says why), a target that became unreliable during the run, a run stopped
at its --deadline without a violation, or an incomplete cleanup.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import pytest

from contracts import run_report
from contracts.check_arguments import DEADLINE, FUZZ_MARGIN, FUZZ_SECONDS, add_arguments
from contracts.context import Settings
from contracts.errors import EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError
from contracts.ledger import Ledger, RunInfo
from contracts.options import parse_headers
from contracts.preflight import preflight
from contracts.rules import coverage, matrix
from contracts.schemathesis_run import REPORT_FORMATS
from contracts.tally import CheckTally

# The subcommand's interface (contactkit.cli): its options, declared in check_arguments.
__all__ = ["add_arguments", "main", "run"]

# pytest's own options for a run of the suite: quiet about warnings, nothing left behind.
PYTEST_ARGS = (
    "-p",
    "contracts.pytest_plugin",
    "--pyargs",
    "contracts.suite",
    "-p",
    "no:cacheprovider",
    "-W",
    "ignore::DeprecationWarning",
    "-W",
    "ignore::pytest.PytestAssertRewriteWarning",
    "-o",
    "junit_suite_name=contactkit-contract",
)


def _pytest_args(args: argparse.Namespace, settings: Settings, ini: Path) -> list[str]:
    argv = [*PYTEST_ARGS, "-c", str(ini), "--rootdir", str(ini.parent)]
    # --tb=line would print each failure twice: whole, then its first 50 characters.
    argv += ["--tb=short", "-v"] if args.verbose else ["--tb=short"]
    options = ("api", "base_url", "max_examples", "seed", "workers", "deadline")
    for option in (*options, "assumptions"):
        argv += [f"--contactkit-{option.replace('_', '-')}", str(getattr(args, option))]
    argv += ["--contactkit-checks", ",".join(settings.checks)]
    argv += ["--contactkit-fuzz", str(settings.fuzz_seconds)] if settings.fuzz_seconds else []
    argv += [
        "--contactkit-run-id",
        settings.run_id,
        "--contactkit-ledger",
        str(settings.ledger_path),
    ]
    argv += ["--contactkit-request-timeout", str(args.request_timeout), "--contactkit-no-preflight"]
    argv += ["--contactkit-rate-limit", str(args.rate_limit)] if args.rate_limit else []
    if args.schemathesis_report:
        argv += ["--contactkit-schemathesis-report", args.schemathesis_report]
        argv += ["--contactkit-schemathesis-report-dir", str(args.schemathesis_report_dir)]
    for header in args.header:
        argv += ["--contactkit-header", header]
    argv += ["--contactkit-read-only"] if args.read_only else []
    argv += ["--junitxml", str(args.junit_xml)] if args.junit_xml else []
    return argv


def _interrupt(signum: int, frame: FrameType | None) -> None:
    # SIGTERM (a CI job cancelled) ends the run like Ctrl-C, so the cleanup still runs.
    raise KeyboardInterrupt


def _settings(args: argparse.Namespace) -> Settings:
    if not args.base_url:
        raise UsageError("required: --base-url, the server to check")
    if not args.api_key:
        raise UsageError("--api-key (or CONTACTKIT_API_KEY) is required")
    unknown = set(filter(None, args.schemathesis_report.split(","))) - set(REPORT_FORMATS)
    if unknown:
        raise UsageError(
            f"--schemathesis-report takes {', '.join(REPORT_FORMATS)}, not {', '.join(unknown)}"
        )
    fuzz_seconds = _fuzz_budget(args)
    if args.deadline <= 0:
        raise UsageError(f"--deadline must be above 0 seconds, not {args.deadline:g}")
    return Settings(
        base_url=args.base_url,
        api_key=args.api_key,
        api=args.api,
        other_api_key=args.other_api_key,
        read_only=args.read_only,
        checks=tuple(c.strip() for c in args.checks.split(",") if c.strip()),
        ledger_path=args.ledger,
        run_id=args.run_id or "",
        headers=tuple(parse_headers(args.header).items()),
        rate_limit=args.rate_limit,
        request_timeout=args.request_timeout,
        fuzz_seconds=fuzz_seconds,
    )


def _fuzz_budget(args: argparse.Namespace) -> int | None:
    """Return --fuzz's budget (None: no fuzzing); fill in the deadline that fits the run."""
    if args.duration is not None and not args.fuzz:
        raise UsageError("--duration is the budget of --fuzz: add --fuzz, or drop --duration")
    seconds = (FUZZ_SECONDS if args.duration is None else args.duration) if args.fuzz else None
    if args.deadline is None:
        args.deadline = DEADLINE if seconds is None else seconds + FUZZ_MARGIN
    elif seconds is not None and seconds > 0 and args.deadline <= seconds:
        raise UsageError(
            f"--deadline {args.deadline:g} would stop the run before its --duration of "
            f"{seconds} s is spent: raise --deadline (or drop it: {seconds + FUZZ_MARGIN:g})"
        )
    return seconds


def exit_code(code: int, tally: CheckTally) -> int:
    """Return the exit code of a finished run: 1 for violations, 2 when it cannot vouch."""
    problems = tally.state.problems() if tally.state else []
    unreliable = any(p.startswith("the target became unreliable") for p in problems)
    if unreliable or (problems and not tally.failed()):
        return EXIT_USAGE
    if code == pytest.ExitCode.OK:
        return EXIT_OK
    return EXIT_VIOLATION if tally.failed() else EXIT_USAGE


def print_rules(api: str) -> int:
    """Print the rule coverage matrix of `api`; exit 1 when a rule has no check."""
    print(matrix(api))
    return EXIT_OK if all(item.checks for item in coverage(api)) else EXIT_VIOLATION


def run(args: argparse.Namespace) -> int:
    """Run the suite as the parsed arguments say; return the exit code."""
    if args.rules:
        return print_rules(args.api)
    try:
        settings = _settings(args)
        preflight(settings)
        if not settings.read_only:
            info = RunInfo(settings.run_id, settings.api, settings.base_url)
            Ledger(Path(str(settings.ledger_path))).start(info)
    except UsageError as error:
        print(f"contactkit check: {error}", file=sys.stderr)
        return EXIT_USAGE
    # Keys travel in the environment, never on a command line others can read.
    os.environ["CONTACTKIT_API_KEY"] = args.api_key
    if args.other_api_key:
        os.environ["CONTACTKIT_OTHER_API_KEY"] = args.other_api_key
    signal.signal(signal.SIGTERM, _interrupt)
    tally, started, clock = CheckTally(), datetime.now(UTC), time.monotonic()
    with tempfile.TemporaryDirectory(prefix="contactkit-check-") as folder:
        ini = Path(folder) / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        code = pytest.main(_pytest_args(args, settings, ini), plugins=[tally])
    print(tally.table())
    code = exit_code(code, tally)
    if args.json_report or args.summary:
        facts = _facts(args, tally, code, started, time.monotonic() - clock)
        run_report.write(run_report.document(facts), args.json_report, args.summary)
    return code


def _facts(
    args: argparse.Namespace, tally: CheckTally, code: int, started: datetime, seconds: float
) -> run_report.RunFacts:
    """Gather what the reports say of a finished run."""
    state = tally.state
    return run_report.RunFacts(
        run_id=state.run_id if state else args.run_id or "",
        api=args.api,
        base_url=args.base_url,
        mode=args.assumptions,
        exit_code=code,
        started=started.isoformat(timespec="seconds").replace("+00:00", "Z"),
        seconds=seconds,
        checks=tally.per_check(),
        violations=state.violations if state else [],
        verdicts=state.verdicts if state else [],
        problems=state.problems() if state else [],
        phases=state.phases if state else [],
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the check options and run the suite."""
    parser = argparse.ArgumentParser(
        prog="contactkit check", description="Check a server against the contract."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
