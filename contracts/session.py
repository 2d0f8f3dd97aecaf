"""One run of the suite as pytest sees it: identity, ledger, deadline, and how it ended.

`RunState` is registered as a pytest plugin by `contracts.pytest_plugin`; `contactkit
check` reads it after the run to choose the exit code. It prints the run id and the ledger
at the start, the cleanup report at the end, and stops the run at its deadline (the
cleanup still runs, and the report says the run was cut short).
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from types import FrameType

import pytest

from contracts.assumptions import Verdict
from contracts.assumptions import table as assumptions_table
from contracts.cleanup import CleanupReport
from contracts.context import Contract
from contracts.graceful_stop import InFlight, interrupt_main
from contracts.health import Health
from contracts.identity import checked_run_id, new_run_id
from contracts.ledger import default_path
from contracts.phase_summary import PhaseSummary, table
from contracts.report import Violation
from contracts.rules import assumption_markers

# What a check raises when a response lacks what it reads: a malformed response.
MALFORMED = (KeyError, IndexError, TypeError, ValueError, AttributeError)


class RunState:
    """What one run is and what happened to it: run id, ledger, deadline, cleanup, health."""

    def __init__(
        self,
        run_id: str | None,
        ledger: Path | None,
        deadline: float | None,
        mode: str = "enforce",
    ) -> None:
        self.mode = mode  # of --assumptions
        self.run_id = checked_run_id(run_id) if run_id else new_run_id()
        self.ledger = ledger or default_path(self.run_id)
        self.seconds = deadline
        self.deadline_at = time.monotonic() + deadline if deadline else None
        self.reset()

    def reset(self) -> None:
        """Forget how a previous session ended."""
        self.cleanup: CleanupReport | None = None
        self.health: Health | None = None
        self.verdicts: list[Verdict] = []
        self.violations: list[Violation] = []  # as the checks raised them, in order
        self.deadline_hit = False
        self._writes = InFlight(interrupt_main)  # the run's, once armed
        self.phases: list[PhaseSummary] = []  # what each Schemathesis process did

    def arm(self, writes: InFlight) -> None:
        """Stop the run (like Ctrl-C, so the cleanup runs) when the deadline passes.

        A write in flight then is answered and recorded first, so that the cleanup deletes it.
        """
        if self.deadline_at is None or threading.current_thread() is not threading.main_thread():
            return
        self._writes = writes
        signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, max(0.001, self.deadline_at - time.monotonic()))

    def disarm(self) -> None:
        """Cancel the deadline (the run is over; the cleanup must not be cut short)."""
        if self.deadline_at is not None and threading.current_thread() is threading.main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        self.deadline_hit = True
        self._writes.request_stop()

    def finished(self, contract: Contract, report: CleanupReport) -> None:
        """Keep what the end of the run says: the cleanup report and the target's health."""
        self.cleanup, self.health = report, contract.connection.health
        self.verdicts = contract.assumptions.verdicts(assumption_markers(contract.api.name))

    def problems(self) -> list[str]:
        """Return why the run cannot vouch for the target either way (exit 2), if it cannot."""
        found = []
        if self.health is not None and (problem := self.health.problem()):
            found.append(f"the target became unreliable during the run: {problem}")
        if self.deadline_hit:
            found.append(f"the run reached its deadline of {self.seconds:g} s and was stopped")
        if self.cleanup is not None and not self.cleanup.complete:
            found.append("the cleanup is incomplete")
        return found

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        """Say at the start which run this is and where its ledger is."""
        return [f"contactkit: run {self.run_id}, ledger {self.ledger}"]

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Print the cleanup report and why the run cannot vouch for the target, if so."""
        # Each record left on its own line, the deleted ones counted (`contactkit cleanup -v`
        # lists them): a run may delete thousands.
        for line in self.cleanup.lines() if self.cleanup else []:
            terminalreporter.write_line(line)
        if self.phases:
            terminalreporter.write_line(table(self.phases))
        for problem in self.problems():
            terminalreporter.write_line(f"contactkit: {problem}")
        self._assumptions(terminalreporter)

    def _assumptions(self, terminalreporter: pytest.TerminalReporter) -> None:
        """Print the assumption-only violations (report mode) and the assumptions table."""
        if not self.verdicts:
            return
        reported = [v for item in self.verdicts for v in item.evidence]
        if self.mode == "report" and reported:
            terminalreporter.section(
                "assumption-only violations (--assumptions report: no failure)"
            )
            for violation in reported:
                terminalreporter.write_line(violation.render())
        terminalreporter.write_line(assumptions_table(self.verdicts))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Fail a plain pytest session whose target failed or whose cleanup is incomplete."""
        if self.problems() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def malformed(contract: Contract, check: str, error: BaseException) -> Violation | None:
    """Return the violation a check's KeyError (etc.) on the latest response means, if any."""
    response = contract.connection.last
    if response is None or not isinstance(error, MALFORMED):
        return None
    request = response.request
    return contract.violation(
        check,
        contract.operation_of(request.method, request.url.path),
        "a response the check can read",
        f"{type(error).__name__}: {error} (the response below lacks it)",
        response,
    )
