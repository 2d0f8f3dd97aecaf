"""What "valid email" means to the mock (`format: email` in both APIs' documents).

The vendor documents say only "valid email"; jsonschema's own check is an `@` anywhere, which
lets `a@b`, `john@` and `jo hn@example.com` through. The rule here is the one Prism (ajv-formats'
`email`) applies, so the mock agrees with the proxy that validates traffic against the same
documents, plus the lengths of RFC 5321:

- local part: one or more dot-separated atoms of letters, digits and ``!#$%&'*+/=?^_`{|}~-``
  (no leading, trailing or doubled dot; no quoted strings, spaces or non-ASCII);
- one `@`, then a domain of at least two dot-separated labels, each of letters, digits and
  inner hyphens, at most 63 characters;
- at most 64 characters before the `@`, at most 254 in all.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_LABEL}\Z")
MAX_LOCAL_PART = 64
MAX_ADDRESS = 254


def is_email(value: object) -> bool:
    """Tell whether `value` is a valid email address (a non-string is another check's job)."""
    if not isinstance(value, str):
        return True
    local = value.rpartition("@")[0]
    return (
        len(value) <= MAX_ADDRESS
        and len(local) <= MAX_LOCAL_PART
        and EMAIL.match(value) is not None
    )
