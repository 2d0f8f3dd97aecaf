"""One contract run: its settings, the targets, the spec, and the promise to clean up."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from contracts.apis import DEFAULT_API, api_profile, check_names, spec_of
from contracts.assumptions import AssumptionLog
from contracts.cleanup import CleanupReport, clean
from contracts.errors import UsageError
from contracts.health import Pacer
from contracts.identity import SUITE_PHONES, checked_run_id, new_run_id, run_phone
from contracts.ledger import Ledger, RunInfo, default_path
from contracts.profile import ApiProfile
from contracts.report import Violation
from contracts.safety import WriteScope
from contracts.spec import ContractSpec
from contracts.target import Connection, Target

# The default API's checks, by the names the fault catalogue and the CLI use.
CHECKS = api_profile(DEFAULT_API).checks
# The checks of a --fuzz run unless --checks names more.
FUZZ_CHECKS = ("schemathesis",)


def default_checks(api: ApiProfile, fuzzing: bool) -> tuple[str, ...]:
    """Return the checks a run without --checks selects: all, or a fuzz run's."""
    return FUZZ_CHECKS if fuzzing else api.checks


@dataclass(frozen=True)
class Settings:
    """What the user asked for on the command line."""

    base_url: str
    api_key: str
    api: str = DEFAULT_API
    other_api_key: str | None = None
    read_only: bool = False
    seed: int = 0
    max_examples: int = 10
    workers: int = 1
    checks: tuple[str, ...] = ()  # () means every check of the API
    ledger_path: Path | None = None
    schemathesis_report: str = ""  # Schemathesis's own report formats, comma-separated
    schemathesis_report_dir: Path = Path("schemathesis-report")
    run_id: str = ""  # "" means a fresh one
    headers: tuple[tuple[str, str], ...] = ()  # sent with every request (-H)
    rate_limit: float | None = None  # requests per second, None: no limit
    request_timeout: float = 30.0
    deadline_at: float | None = None  # time.monotonic() at which the run stops
    assumptions: str = "enforce"  # or "report": assumption-only violations do not fail
    fuzz_seconds: int | None = None  # --fuzz: Schemathesis's time budget; None: a bounded run

    def _chosen_checks(self) -> tuple[str, ...]:
        """Return the checks to run; a fuzz run is Schemathesis's unless --checks names more."""
        if self.fuzz_seconds is not None and self.fuzz_seconds < 1:
            raise UsageError(
                f"--duration must be at least 1 second, not {self.fuzz_seconds}; "
                "e.g. --fuzz --duration 300"
            )
        api = api_profile(self.api)
        check_names(api, self.checks)
        if not self.checks:
            return default_checks(api, bool(self.fuzz_seconds))
        if self.fuzz_seconds and not set(FUZZ_CHECKS) <= set(self.checks):
            raise UsageError(
                "--fuzz runs the schemathesis check: add it to --checks, or drop --checks"
            )
        return self.checks

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_id", checked_run_id(self.run_id or new_run_id()))
        if self.ledger_path is None:
            object.__setattr__(self, "ledger_path", default_path(self.run_id))
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise UsageError(
                f"--rate-limit must be above 0 requests a second, not {self.rate_limit}"
            )
        object.__setattr__(self, "checks", self._chosen_checks())
        if not self.base_url.startswith(("http://", "https://")):
            raise UsageError(
                f"--base-url must start with http:// or https://, not {self.base_url!r}"
            )


class Contract:
    """Everything a check needs: the spec, the targets, seeded randomness, and cleanup."""

    def __init__(self, settings: Settings, spec: ContractSpec | None = None) -> None:
        self.settings = settings
        self.api = api_profile(settings.api)
        self.spec = spec or spec_of(self.api.name)
        self.assumptions = AssumptionLog(self.spec)
        self.run_id = settings.run_id
        self.ledger = Ledger(Path(str(settings.ledger_path)))
        if not settings.read_only:
            self.ledger.start(RunInfo(self.run_id, self.api.name, settings.base_url))
        self.random = random.Random(settings.seed)
        # Marks everything this run creates, so its searches see only its own records.
        self.tag = f"ck{self.run_id}"
        operations = [(method, path) for method, path, _ in self.spec.operations.values()]
        self.connection = Connection(
            base_url=settings.base_url,
            run_id=self.run_id,
            ledger=self.ledger,
            scope=WriteScope(operations, self.ledger),
            headers=dict(settings.headers),
            timeout=settings.request_timeout,
            pacer=Pacer(settings.rate_limit),
        )
        self.target = self._target(settings.api_key, "primary")
        self.other = (
            self._target(settings.other_api_key, "other") if settings.other_api_key else None
        )
        self._serial = 0

    def _target(self, api_key: str, name: str) -> Target:
        return Target(
            self.connection,
            api_key,
            api=self.api,
            key_name=name,
            read_only=self.settings.read_only,
        )

    def phone(self) -> str:
        """Return one of the run's reserved phones (no real contact's, no other run's)."""
        self._serial += 1
        if self._serial not in SUITE_PHONES:
            raise UsageError("the run used up its reserved phones; split it with --checks")
        return run_phone(self.run_id, self._serial)

    def token(self) -> str:
        """Return a fresh word carrying the run id, to find exactly the records that carry it."""
        return f"Qz{self.run_id}{self.random.getrandbits(24):06x}"

    def fresh_id(self) -> str:
        """Return an id no record has; the run may send writes to it (they must find nothing)."""
        minted = self.api.fresh_id(self.random.getrandbits(128))
        self.connection.scope.minted.add(minted)
        return minted

    def name(self, label: str) -> str:
        """Return a name carrying this run's tag (searchable, never a real record's)."""
        self._serial += 1
        return f"{self.tag} {label} {self._serial}"

    def expect(
        self,
        condition: bool,
        check: str,
        operation: str,
        expected: str,
        seen: Any,
        response: httpx.Response | None = None,
        assumption: str | None = None,
    ) -> None:
        """Raise a Violation unless `condition`; label it when the spec marks `assumption`."""
        if not condition:
            raise self.violation(check, operation, expected, seen, response, assumption)
        if (label := self._label(assumption)) is not None:
            self.assumptions.observe_held(label)

    def _label(self, assumption: str | None) -> str | None:
        """Return `assumption` when the spec marks it x-assumption, else None."""
        return assumption if assumption and self.spec.is_assumption(assumption) else None

    def violation(
        self,
        check: str,
        operation: str,
        expected: str,
        seen: Any,
        response: httpx.Response | None = None,
        assumption: str | None = None,
        seen_limit: int = 600,
    ) -> Violation:
        """Return the Violation of `check`; label it when the spec marks `assumption`."""
        label = self._label(assumption)
        other = self.settings.other_api_key
        sent = response.request.headers.get(self.api.key_header) if response is not None else None
        key_variable = (
            "CONTACTKIT_OTHER_API_KEY" if other and sent == other else "CONTACTKIT_API_KEY"
        )
        return Violation(
            check,
            operation,
            expected,
            seen,
            response=response,
            assumption=label,
            key_variable=key_variable,
            key_header=self.api.key_header,
            hidden_headers=tuple(name for name, _ in self.settings.headers),
            seen_limit=seen_limit,
        )

    def operation_of(self, method: str, path: str) -> str:
        """Return the operationId a request went to (else `METHOD path`)."""
        found = self.connection.scope.operation(method, path)
        for operation, (declared, template, _) in self.spec.operations.items():
            if found and declared == method.upper() and template == found[0]:
                return operation
        return f"{method.upper()} {path}"

    def cleanup(self) -> CleanupReport:
        """Delete everything this run created, each on its own; report what was and was not."""
        report = clean(self.ledger, {"primary": self.target, "other": self.other})
        # A read-only run wrote no ledger: the file, if any, is another run's to finish.
        if report.complete and not self.settings.read_only:
            self.ledger.remove()
        return report

    def close(self) -> None:
        """Close the connections."""
        for target in (self.target, self.other):
            if target is not None:
                target.close()
