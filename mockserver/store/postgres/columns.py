"""What the PostgreSQL tables hold beside each record's JSON: its sort keys and search texts.

Both are computed here in Python, from the same definitions the in-memory store uses, so that
the database orders and matches records exactly as `store.base.sort_key` and `search.py` do:

- a sort key is `bytea`, compared byte by byte: a rank (numbers, then strings, then None: None
  last ascending, first descending), then for a string its casefolded UTF-8 (whose byte order
  is code point order, as Python compares strings; casefold is not SQL's lower()), for a number
  an order-preserving encoding of its float value. Ties are broken by the id (`COLLATE "C"`).
- a search text is `search.search_text` with the field separator (NUL, which PostgreSQL text
  cannot hold) replaced by another control character; a term holding either is matched field by
  field in Python, as the memory store does for its own separators.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.search import FIELD_SEPARATOR, RECORD_SEPARATOR, search_text

# Stands for the field separator in a stored search text.
STORED_SEPARATOR = "\x1f"
_NUMBER, _STRING, _NONE = b"\x00", b"\x01", b"\x02"


def sort_bytes(value: Any) -> bytes:
    """Return the bytes a field value sorts by, in the order of `store.base.sort_key`."""
    if value is None:
        return _NONE
    if isinstance(value, str):
        return _STRING + value.casefold().encode("utf-8", "surrogatepass")
    packed = bytearray(struct.pack(">d", float(value)))
    if packed[0] & 0x80:  # negative: invert every bit, so that larger magnitudes sort first
        packed = bytearray(byte ^ 0xFF for byte in packed)
    else:
        packed[0] |= 0x80
    return _NUMBER + bytes(packed)


def stored_search_text(record: Mapping[str, Any], fields: Sequence[str]) -> str:
    """Return the text a search profile's LIKE matches terms against."""
    text = search_text(record, fields)
    return text.replace(FIELD_SEPARATOR, STORED_SEPARATOR)


def needs_field_match(needle: str) -> bool:
    """Return whether a casefolded term must be matched field by field (it holds a separator)."""
    return any(mark in needle for mark in (FIELD_SEPARATOR, RECORD_SEPARATOR, STORED_SEPARATOR))


def like_pattern(needle: str) -> str:
    """Return the LIKE pattern (escape character backslash) of a literal substring."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
