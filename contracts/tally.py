"""The per-check tally of a run: outcomes and time per check, as a table and as data."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from contracts.pytest_plugin import RUN_STATE
from contracts.session import RunState


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
