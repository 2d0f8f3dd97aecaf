"""Who a run is: an unseeded run id that marks every token, name and phone the run creates.

Two runs against one server (two CI jobs, or a retry after a crash) never share a token or
a phone, so neither sees, matches nor deletes the other's records. `--seed` still drives the
generated data; the run id only keeps runs apart.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from contracts.errors import UsageError

_RUN_ID = re.compile(r"^[a-z0-9]{4,16}$")
# A country code no country has: phones a run creates can never be a real contact's.
RESERVED_PHONE_PREFIX = "+999"
# The last five digits of a run's phones: the suite counts up from 1, Schemathesis picks at
# random from the upper half, so the two never pick the same phone within a run.
SUITE_PHONES = range(1, 50_000)
SCHEMATHESIS_PHONES = range(50_000, 100_000)


def new_run_id() -> str:
    """Return a fresh run id (random, never derived from --seed)."""
    return secrets.token_hex(5)


def checked_run_id(value: str) -> str:
    """Return `value` if it can be a run id, else raise a UsageError saying what is allowed."""
    if not _RUN_ID.match(value):
        raise UsageError(
            f"--run-id {value!r}: use 4 to 16 lowercase letters or digits, e.g. ci1234"
        )
    return value


def phone_stem(run_id: str) -> str:
    """Return the phone prefix of a run: +999 and six digits derived from its id."""
    digest = int.from_bytes(hashlib.sha256(run_id.encode("utf-8")).digest()[:8], "big")
    return f"{RESERVED_PHONE_PREFIX}{digest % 10**6:06d}"


def run_phone(run_id: str, number: int) -> str:
    """Return the run's phone number `number` (0 to 99,999)."""
    return f"{phone_stem(run_id)}{number:05d}"


def is_run_phone(run_id: str, phone: object) -> bool:
    """Tell whether `phone` is one of the run's reserved phones."""
    stem = phone_stem(run_id)
    return isinstance(phone, str) and phone.startswith(stem) and len(phone) == len(stem) + 5
