"""Deleting what a run created: each record on its own, every outcome reported.

`contactkit check` cleans up at the end of every run (also on failure, Ctrl-C, SIGTERM or
its --deadline); `contactkit cleanup --ledger FILE` finishes the cleanup of a run that was
killed before, or could not delete everything (it also finds, by the run id, records the
killed run created but had not yet written into the ledger). Exit 0: the cleanup is
complete; 1: some records are left (listed, the ledger kept); 2: usage or connection error.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from contracts.apis import api_profile, spec_of
from contracts.errors import EXIT_OK, EXIT_USAGE, ContractError, UsageError
from contracts.ledger import Ledger
from contracts.options import add_connection_arguments, parse_headers
from contracts.safety import WriteScope
from contracts.sweep import sweep
from contracts.target import Connection, Target

DONE = (200, 204, 404)  # deleted now, or gone already
EXIT_INCOMPLETE = 1


@dataclass
class CleanupReport:
    """What a cleanup deleted and what it could not (with the reason)."""

    ledger: Path
    deleted: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # 404: deleted by the run, or by someone
    left: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Tell whether nothing the run created is left."""
        return not self.left

    def lines(self, verbose: bool = False) -> list[str]:
        """Return the report: every record left, each deletion when `verbose`, a summary."""
        shown = [f"cleanup: deleted {path}" for path in self.deleted] if verbose else []
        shown += [f"cleanup: {path} was gone already" for path in self.gone] if verbose else []
        shown += [f"cleanup: could not delete {entry}" for entry in self.left]
        total = len(self.deleted) + len(self.gone) + len(self.left)
        if self.complete:
            return [
                *shown,
                f"cleanup: complete, {len(self.deleted)} record(s) deleted, "
                f"{len(self.gone)} gone already",
            ]
        return [
            *shown,
            f"cleanup: INCOMPLETE, {len(self.left)} of {total} record(s) left; the ledger "
            f"{self.ledger} keeps them: finish with `contactkit cleanup --ledger {self.ledger}`",
        ]


def clean(ledger: Ledger, targets: dict[str, Target | None]) -> CleanupReport:
    """Delete every record of the ledger, newest first, each attempt on its own."""
    report = CleanupReport(ledger.path)
    for created in reversed(ledger.entries()):
        target = targets.get(created.key)
        if target is None or target.read_only:
            report.left.append(f"{created.path} (needs the {created.key} key)")
            continue
        try:
            status = target.delete(created.path).status_code
        except (httpx.HTTPError, ContractError) as error:
            report.left.append(f"{created.path} ({error})")
            continue
        if status in DONE:
            ledger.deleted(created.path)
            (report.gone if status == 404 else report.deleted).append(created.path)
        else:
            report.left.append(f"{created.path} (answered {status})")
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the cleanup command's options on `parser`."""
    parser.add_argument("--ledger", type=Path, required=True, help="the ledger a run printed")
    parser.add_argument("--base-url", help="the server (default: the one in the ledger)")
    add_connection_arguments(
        parser, "the run's other key, for what it created with it (or env CONTACTKIT_OTHER_API_KEY)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every deletion")


def _targets(args: argparse.Namespace, ledger: Ledger) -> dict[str, Target | None]:
    info = ledger.info()
    if info is None:
        raise UsageError(f"{args.ledger} is not a contactkit ledger (or is empty)")
    if not args.api_key:
        raise UsageError("--api-key (or CONTACTKIT_API_KEY) is required")
    api = api_profile(info.api)
    operations = [(m, p) for m, p, _ in spec_of(api.name).operations.values()]
    connection = Connection(
        base_url=args.base_url or info.base_url,
        run_id=info.run_id,
        ledger=ledger,
        scope=WriteScope(operations, ledger),
        headers=parse_headers(args.header),
        timeout=args.request_timeout,
    )
    keys = {"primary": args.api_key, "other": args.other_api_key}
    return {
        name: Target(connection, key, api=api, key_name=name) if key else None
        for name, key in keys.items()
    }


def run(args: argparse.Namespace) -> int:
    """Finish the cleanup the ledger describes; return the exit code."""
    ledger = Ledger(args.ledger)
    try:
        if not args.ledger.exists():
            raise UsageError(f"{args.ledger} does not exist: nothing to clean up, or a typo")
        targets = _targets(args, ledger)
    except UsageError as error:
        print(f"contactkit cleanup: {error}", file=sys.stderr)
        return EXIT_USAGE
    info = ledger.info()
    found = sweep(ledger, targets, info.run_id) if info else 0
    print(
        f"contactkit cleanup: ledger {args.ledger}, {len(ledger.entries())} record(s) to delete "
        f"({found} of them found by the run id, not in the ledger)"
    )
    report = clean(ledger, targets)
    for target in targets.values():
        if target is not None:
            target.close()
    print("\n".join(report.lines(args.verbose)))
    if report.complete:
        ledger.remove()
        return EXIT_OK
    return EXIT_INCOMPLETE
