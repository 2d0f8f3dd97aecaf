"""The contract suite's exceptions, and the exit code each one ends a run with.

ContractError             base of everything the suite raises on purpose
├── UsageError            exit 2: the command line or the target is unusable
│   ├── TargetUnreachable     nothing answers at --base-url
│   └── KeyRejected           the target answers 401 to --api-key
├── ReadOnlyViolation     a bug of the suite: it tried to write in --read-only mode
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


class ReadOnlyViolation(ContractError):
    """The suite tried to send a write in --read-only mode; it sent nothing."""


EXIT_OK, EXIT_VIOLATION, EXIT_USAGE = 0, 1, 2
