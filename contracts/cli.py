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
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import pytest

from contracts import run_report
from contracts.apis import APIS, DEFAULT_API
from contracts.assumptions import MODES
from contracts.context import Settings
from contracts.errors import EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError
from contracts.ledger import Ledger, RunInfo
from contracts.options import add_connection_arguments, parse_headers
from contracts.preflight import preflight
from contracts.pytest_plugin import RUN_STATE
from contracts.rules import coverage, matrix
from contracts.schemathesis_run import REPORT_FORMATS
from contracts.session import RunState

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


class CheckTally:
    """A pytest plugin that counts outcomes per check and prints them as a table."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.state: RunState | None = None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Keep the run's state: how its target held up, its deadline, its cleanup."""
        state = session.config.pluginmanager.get_plugin(RUN_STATE)
        self.state = state if isinstance(state, RunState) else None

    def failed(self) -> int:
        """Return how many tests failed."""
        return sum(n for (_, outcome), n in self.counts.items() if outcome == "failed")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count each test once, by its check marker and outcome; add up its time."""
        check = next(
            (m.args[0] for m in getattr(report, "markers", []) if m.name == "contract"), None
        )
        check = check or report.nodeid.split("test_", 1)[-1].split(".py")[0]
        self.seconds[check] += report.duration
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self.counts[(check, report.outcome)] += 1

    def per_check(self) -> dict[str, dict[str, int | float]]:
        """Return check -> passed, failed, skipped and seconds."""
        outcomes = ("passed", "failed", "skipped")
        found: dict[str, dict[str, int | float]] = {}
        for check, seconds in sorted(self.seconds.items()):
            found[check] = {o: self.counts[(check, o)] for o in outcomes}
            found[check]["seconds"] = round(seconds, 2)
        return found

    def table(self) -> str:
        """Return the per-check table."""
        rows = ["check          passed  failed  skipped"]
        for check in sorted({c for c, _ in self.counts}):
            n = [self.counts[(check, o)] for o in ("passed", "failed", "skipped")]
            rows.append(f"{check:<14} {n[0]:>6}  {n[1]:>6}  {n[2]:>7}")
        return "\n".join(rows)


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
