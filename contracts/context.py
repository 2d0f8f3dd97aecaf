"""One contract run: its settings, the targets, the spec, and the promise to clean up."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from contracts.apis import DEFAULT_API, api_profile, check_names, spec_of
from contracts.errors import KeyRejected, TargetUnreachable, UsageError
from contracts.ledger import Ledger
from contracts.profile import ApiProfile
from contracts.report import Violation
from contracts.spec import ContractSpec
from contracts.target import Target

# The default API's checks, by the names the fault catalogue and the CLI use.
CHECKS = api_profile(DEFAULT_API).checks
# A country code no country has: phones the suite creates can never be a real contact's.
RESERVED_PHONE_PREFIX = "+999"


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
    schemathesis_args: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        api = api_profile(self.api)
        check_names(api, self.checks)
        if not self.checks:
            object.__setattr__(self, "checks", api.checks)
        if not self.base_url.startswith(("http://", "https://")):
            raise UsageError(
                f"--base-url must start with http:// or https://, not {self.base_url!r}"
            )


def preflight(base_url: str, api_key: str, api: ApiProfile, timeout: float = 15.0) -> None:
    """Fail fast with a usage error when the target is unreachable or refuses the key."""
    url = f"{base_url.rstrip('/')}{api.preflight_path}"
    try:
        response = httpx.get(
            url, params={api.size_param: 1}, headers={api.key_header: api_key}, timeout=timeout
        )
    except httpx.HTTPError as error:
        raise TargetUnreachable(
            f"cannot reach {base_url}: {error}; is the server running?"
        ) from None
    if response.status_code == 401:
        raise KeyRejected(f"{base_url} answers 401 to the API key: check --api-key")


class Contract:
    """Everything a check needs: the spec, the targets, seeded randomness, and cleanup."""

    def __init__(self, settings: Settings, spec: ContractSpec | None = None) -> None:
        self.settings = settings
        self.api = api_profile(settings.api)
        self.spec = spec or spec_of(self.api.name)
        path = settings.ledger_path or Path(
            tempfile.mkstemp(prefix="contactkit-ledger-", suffix=".jsonl")[1]
        )
        self.ledger = Ledger(path)
        self.random = random.Random(settings.seed)
        # Marks everything this run creates, so its searches see only its own records.
        self.tag = f"ck{self.random.getrandbits(40):010x}"
        self.target = self._target(settings.api_key, "primary")
        self.other = (
            self._target(settings.other_api_key, "other") if settings.other_api_key else None
        )
        self._serial = 0

    def _target(self, api_key: str, name: str) -> Target:
        return Target(
            self.settings.base_url,
            api_key,
            ledger=self.ledger,
            api=self.api,
            key_name=name,
            read_only=self.settings.read_only,
        )

    def phone(self) -> str:
        """Return a phone number no real contact has, unique within this run."""
        self._serial += 1
        return f"{RESERVED_PHONE_PREFIX}{self.random.randrange(10**6):06d}{self._serial:05d}"

    def token(self) -> str:
        """Return a fresh random word, to find exactly the records that carry it."""
        return f"Qz{self.random.getrandbits(40):010x}"

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
        if condition:
            return
        label = assumption if assumption and self.spec.is_assumption(assumption) else None
        other = self.settings.other_api_key
        sent = response.request.headers.get(self.api.key_header) if response is not None else None
        key_variable = (
            "CONTACTKIT_OTHER_API_KEY" if other and sent == other else "CONTACTKIT_API_KEY"
        )
        raise Violation(
            check,
            operation,
            expected,
            seen,
            response=response,
            assumption=label,
            key_variable=key_variable,
            key_header=self.api.key_header,
        )

    def cleanup(self) -> list[str]:
        """Delete everything this run created, newest first; return what could not be deleted."""
        targets = {"primary": self.target, "other": self.other}
        leftovers = []
        for created in reversed(self.ledger.entries()):
            target = targets.get(created.key)
            if target is None:
                continue
            response = target.request("DELETE", created.path) if not target.read_only else None
            if response is not None and response.status_code not in (200, 204, 404):
                leftovers.append(f"{created.path} ({response.status_code})")
        if not leftovers:
            self.ledger.clear()
        return leftovers

    def close(self) -> None:
        """Close the connections."""
        for target in (self.target, self.other):
            if target is not None:
                target.close()
