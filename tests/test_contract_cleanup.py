"""Cleanup that finishes: every deletion on its own, reported; interrupted runs finished later.

A run killed with SIGKILL cannot clean up: its ledger (printed at the start, chosen with
`--ledger`) keeps what it created, and `contactkit cleanup --ledger FILE` deletes exactly
that. A record the server refuses to delete is reported on its own line, the others are
still deleted, the ledger is kept, and the exit status says the cleanup is incomplete.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from faults.runs import Run, run
from servers.staging_like import StagingLike
from staging_helpers import KEY, OTHER_KEY, contactkit, staging_check

WRITING_CHECKS = ("--checks", "lifecycle,pagination,search_sort,audiences")


@dataclass(frozen=True)
class Interrupted:
    """A run killed mid-way: its server, its ledger, the server's data before it."""

    server: StagingLike
    ledger: Path
    pre_existing: set[str]
    before: str

    def active(self) -> set[str]:
        """Return the ids of every record the server shows."""
        store = self.server.store
        records = [*store.contacts.values(), *store.audiences.values()]
        return {r["id"] for r in records if not r["deletedAt"]}

    def cleanup(self, *extra: str) -> Run:
        """Run `contactkit cleanup --ledger` with both keys."""
        keys = ("--api-key", KEY, "--other-api-key", OTHER_KEY)
        return run(contactkit("cleanup", "--ledger", str(self.ledger), *keys, *extra))


def _created(ledger: Path) -> int:
    text = ledger.read_text(encoding="utf-8") if ledger.exists() else ""
    return text.count('"path"')


@pytest.fixture
def interrupted(staging_like: Callable[..., StagingLike], tmp_path: Path) -> Iterator[Interrupted]:
    """A write-mode run killed (SIGKILL, no cleanup) once it created 15 records."""
    server, ledger = staging_like(), tmp_path / "ledger.jsonl"
    pre_existing = set(server.store.contacts) | set(server.store.audiences)
    before = server.dump(pre_existing)
    command = staging_check(server, *WRITING_CHECKS, "--ledger", str(ledger))
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _created(ledger) < 15 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _created(ledger) >= 15, "the run ended before it created 15 records"
    yield Interrupted(server, ledger, pre_existing, before)


def test_cleanup_command_finishes_an_interrupted_run(interrupted: Interrupted) -> None:
    """Exit 0, every record of the run deleted, the ledger removed, nothing else touched."""
    assert interrupted.active() > interrupted.pre_existing, "the killed run left nothing"
    done = interrupted.cleanup()
    assert done.returncode == 0, done.output
    assert "cleanup: complete" in done.output
    assert interrupted.active() == interrupted.pre_existing
    assert interrupted.server.dump(interrupted.pre_existing) == interrupted.before
    assert not interrupted.ledger.exists()


def test_records_the_server_refuses_are_reported_and_kept(interrupted: Interrupted) -> None:
    """Deletes answered 503: each record on its own line, exit 1, the ledger kept for later."""
    left = interrupted.active() - interrupted.pre_existing
    interrupted.server.refused_methods.add("DELETE")
    done = interrupted.cleanup()
    refused = [line for line in done.output.splitlines() if "could not delete" in line]
    pending = int(re.search(r"(\d+) record\(s\) to delete", done.output).group(1))
    assert done.returncode == 1, done.output
    # One line per record of the ledger (the run's own deletes among them), each tried.
    assert len(refused) == pending and all("answered 503" in line for line in refused)
    assert {line.split()[4].rsplit("/", 1)[-1] for line in refused} >= left
    assert f"contactkit cleanup --ledger {interrupted.ledger}" in done.output
    interrupted.server.refused_methods.clear()
    assert interrupted.cleanup().returncode == 0
    assert interrupted.active() == interrupted.pre_existing


def test_cleanup_lists_every_deletion_when_verbose(interrupted: Interrupted) -> None:
    """-v names each record it deleted."""
    left = interrupted.active() - interrupted.pre_existing
    done = interrupted.cleanup("-v")
    deleted = {line.rsplit("/", 1)[-1] for line in done.output.splitlines() if "deleted /" in line}
    assert deleted == left


def test_a_ledger_another_run_still_needs_is_refused(interrupted: Interrupted) -> None:
    """A new run given the unfinished ledger of another run exits 2 and says how to finish it."""
    command = staging_check(
        interrupted.server, *WRITING_CHECKS, "--ledger", str(interrupted.ledger)
    )
    done = run(command)
    assert done.returncode == 2, done.output
    assert f"contactkit cleanup --ledger {interrupted.ledger}" in done.output


@pytest.mark.parametrize(
    ("ledger", "reason"),
    [
        pytest.param("missing.jsonl", "does not exist", id="missing"),
        pytest.param("empty.jsonl", "not a contactkit ledger", id="empty"),
    ],
)
def test_cleanup_without_a_usable_ledger_exits_2(tmp_path: Path, ledger: str, reason: str) -> None:
    """No ledger, or a file that is none: exit 2 with one line saying so."""
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    done = run(contactkit("cleanup", "--ledger", str(tmp_path / ledger), "--api-key", KEY))
    assert done.returncode == 2, done.output
    assert reason in done.output
