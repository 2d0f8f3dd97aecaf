"""Schemathesis's own reports, passed through: one folder per Schemathesis process."""

from __future__ import annotations

from pathlib import Path

from faults.runs import lean_check_command, run

from mockserver.testing import MockServer


def test_schemathesis_reports_are_written_per_process(
    contactkit_mock: MockServer, tmp_path: Path
) -> None:
    folder = tmp_path / "schemathesis"
    extra = ("--schemathesis-report", "junit,har", "--schemathesis-report-dir", str(folder))
    done = run(lean_check_command(contactkit_mock, ["schemathesis"], *extra))
    assert done.returncode == 0, done.output[-3000:]
    processes = sorted(p.name for p in folder.iterdir())
    assert processes == ["examples-coverage-fuzzing", "stateful"]
    for process in processes:
        names = sorted(p.name.split("-")[0] for p in (folder / process).iterdir())
        assert names == ["har", "junit"]
