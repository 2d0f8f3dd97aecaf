"""The one JSON decoder of the mock: request bodies, the journal and the --state file.

Python's decoder takes two things no later step can handle. A lone UTF-16 surrogate escape
(`"Jo\\ud800hn"`) decodes to a string that cannot be encoded as UTF-8, so a record holding it
breaks every response that would show it. A deeply nested document decodes until the
interpreter's recursion limit (a RecursionError, not a ValueError), and one just under it
breaks the journal and the encoder later. `decode` refuses both with a BadRequest that says
what to fix, so nothing undecodable or unencodable gets past the edge.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from mockserver.errors import BadRequest

MAX_DEPTH = 64  # arrays and objects inside each other; the state document needs 4
# A quote left over (an unterminated string: not JSON anyway) does not nest.
_NESTING = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1, ord('"'): 0}
# Every byte but quotes and brackets, deleted in one C-speed pass before the depth count.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STRINGS = re.compile(rb'"[^"]*"')
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def too_deep(raw: bytes) -> bool:
    """Tell whether the arrays and objects of JSON text `raw` nest deeper than MAX_DEPTH."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False  # not even that many brackets (the common case, at C speed)
    # Escaped backslashes, then escaped quotes, go first, so that every quote left delimits a
    # string; the strings then go with what they hold, leaving only the brackets of the text.
    bare = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    steps = map(_NESTING.__getitem__, _STRINGS.sub(b"", bare))
    return max(accumulate(steps), default=0) > MAX_DEPTH


def decode(raw: bytes, what: str = "the request body") -> Any:
    """Decode UTF-8 JSON `raw`, refusing what the mock could not store or answer with later."""
    if too_deep(raw):
        raise BadRequest(
            f"Arrays and objects nest deeper than {MAX_DEPTH} levels in {what}: flatten it"
        )
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise BadRequest(f"Not valid utf-8 text in {what}: send JSON encoded as UTF-8") from None
    except ValueError as error:
        raise BadRequest(f"Malformed JSON in {what}: {error}") from None
    except RecursionError:  # only if too_deep was fooled by text that is not JSON anyway
        raise BadRequest(f"Arrays and objects nest too deeply in {what}: flatten it") from None
    if _SURROGATE_ESCAPE.search(raw):
        _refuse_surrogates(value, what)
    return value


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _refuse_surrogates(value: Any, what: str) -> None:
    """Raise BadRequest naming every string of `value` that holds a lone surrogate."""
    found = [path or "(the document)" for path in _unencodable(value, "")]
    if found:
        fields = ", ".join(found)
        raise BadRequest(
            f"Lone UTF-16 surrogate escape (\\ud800-\\udfff) in {fields} of {what}: send "
            "valid Unicode (a high surrogate escape must be followed by a low one)"
        )


def _unencodable(value: Any, path: str) -> list[str]:
    """Return the paths (`data.0.firstName`) of the strings in `value` UTF-8 cannot encode."""
    if isinstance(value, str):
        return [] if _encodes(value) else [path]
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        # Named as an escape: the message must itself be encodable.
        name = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
        inner = f"{path}.{name}" if path else name
        found += [inner] if isinstance(key, str) and not _encodes(key) else []
        found += _unencodable(item, inner)
    return found


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
