"""The contract suite's exceptions, and the exit code each one ends a run with.

ContractError             base of everything the suite raises on purpose
├── UsageError            exit 2: the command line or the target is unusable
│   ├── TargetUnreachable     nothing answers at --base-url
│   ├── KeyRejected           the target answers 401 to --api-key
│   ├── TargetUnhealthy       5xx, or an answer that is no API at all, before the run
│   ├── WrongBaseUrl          404 on the API's collection: --base-url is not the root
│   ├── SameOrganization      --other-api-key sees exactly what --api-key sees
│   └── TargetUnreliable      no answer (or a storm of 5xx) during the run
├── ReadOnlyViolation     a bug of the suite: it tried to write in --read-only mode
├── UnsafeRequest         a bug of the suite: a keyed write outside the run's own records
└── Violation             exit 1: the target breaks the contract (see contracts.report)
"""

from __future__ import annotations


class ContractError(Exception):
    """Base of the suite's own errors."""


class UsageError(ContractError):
    """The run cannot start; the message says how to fix it."""


class TargetUnreachable(UsageError):
    """Nothing answers at the base URL."""


class KeyRejected(UsageError):
    """The target does not accept the API key."""


class TargetUnhealthy(UsageError):
    """The target answers, but not as a working API server (5xx, not JSON)."""


class WrongBaseUrl(UsageError):
    """The API's collection is not found under the base URL."""


class SameOrganization(UsageError):
    """The two keys belong to one organization, so tenancy cannot be checked."""


class TargetUnreliable(UsageError):
    """The target stopped answering during the run."""


class ReadOnlyViolation(ContractError):
    """The suite tried to send a write in --read-only mode; it sent nothing."""


class UnsafeRequest(ContractError):
    """A bug of the suite: it tried to write outside what the run created; nothing was sent."""


EXIT_OK, EXIT_VIOLATION, EXIT_USAGE = 0, 1, 2
