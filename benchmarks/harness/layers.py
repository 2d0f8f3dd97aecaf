"""Attribute py-spy samples of the mock to the layer of the request path they were spent in.

A sample is a stack of frames. It belongs to the innermost frame that names a layer; frames of
general-purpose code (jsonschema, inspect, re, typing, ...) are transparent, so their time goes
to the layer that called them (jsonschema under parameter validation is parameter validation).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# (layer, patterns over "function (file)"): the innermost frame matching one names the layer;
# in one frame the first rule wins. A None layer marks transparent code.
RULES: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    ("JSON encoding", (r"json/encoder\.py", "orjson", r"jsonify\.py", r"Jsonifier\.dumps")),
    ("JSON decoding", (r"json/decoder\.py", r"json/__init__\.py.*loads", r"jsondoc\.py")),
    ("response validation", (r"response_validation\.py",)),
    ("body validation", (r"validators/json\.py", r"validators/form_data\.py", "StrictJSONBody")),
    (
        "parameter validation",
        (r"validators/parameter\.py", "AllParametersValidator", r"mockserver/validation\.py"),
    ),
    (
        "security",
        (
            r"connexion/security\.py",
            r"middleware/security\.py",
            r"mockserver/auth\.py",
            r"mockserver/fixtures\.py",
            r"State\.caller",
        ),
    ),
    (
        "parameter injection",
        (
            r"decorators/parameter\.py",
            r"uri_parsing\.py",
            r"connexion/lifecycle\.py",
            r"datastructures\.py",
        ),
    ),
    (
        "response building",
        (
            r"decorators/response\.py",
            r"frameworks/(starlette|flask)\.py",
            r"starlette/responses\.py",
        ),
    ),
    ("handler: store and query", (r"mockserver/(store|query|search|links|filters)\.py",)),
    (
        "handler: rules and render",
        (r"mockserver/(gomobile|clientcontacts)/", r"mockserver/(admin|clock|state)\.py"),
    ),
    ("our middleware: journal", ("JournalRecorder", r"mockserver/journal\.py", "_body_value")),
    ("our middleware: faults", ("FaultInjector", r"mockserver/faults\.py")),
    ("our middleware: request guard", ("RequestGuard", r"mockserver/routes\.py", r"edge\.py")),
    ("our middleware: admin guard", ("AdminGuard",)),
    ("CORS", (r"starlette/middleware/cors\.py",)),
    ("WSGI bridge and Flask", ("a2wsgi", "/flask/", "/werkzeug/", r"apps/flask\.py")),
    (
        "thread pool hop",
        (
            "concurrent/futures",
            r"threading\.py",
            "anyio",
            r"starlette/concurrency\.py",
            "run_coroutine_threadsafe",
        ),
    ),
    (
        "routing",
        (
            r"middleware/routing\.py",
            r"starlette/routing\.py",
            r"middleware/abstract\.py",
            r"apps/asynchronous\.py",
        ),
    ),
    (
        "other Connexion middleware",
        ("connexion/middleware/", r"connexion/decorators/main\.py", "connexion/apps/"),
    ),
    ("HTTP server (uvicorn, asyncio)", ("uvicorn", "httptools", "h11", "asyncio/")),
    (
        None,
        (
            "jsonschema",
            r"inspect\.py",
            r"typing\.py",
            "re/",
            r"re\.py",
            "functools",
            "_collections_abc",
            r"copy\.py",
            r"enum\.py",
            r"abc\.py",
            "logging/",
            "<frozen",
        ),
    ),
)
_COMPILED = tuple((layer, re.compile("|".join(patterns))) for layer, patterns in RULES)
IDLE = re.compile(r"^(Runner\.run|run_forever|_run_once|select) ")


@dataclass(frozen=True)
class LayerShare:
    """One layer's samples and share of all non-idle samples."""

    layer: str
    samples: int
    share: float


def layer_of(frame: str) -> str | None:
    """Return the layer a frame names; "" for transparent code, None if it names none."""
    for layer, pattern in _COMPILED:
        if pattern.search(frame):
            return layer or ""
    return None


def attribute(stack: list[str]) -> str:
    """Return the layer of one sample: that of its innermost frame naming one."""
    for frame in reversed(stack):
        layer = layer_of(frame)
        if layer:
            return layer
    return "other"


def parse_raw(lines: Iterable[str]) -> Counter[tuple[str, ...]]:
    """Parse py-spy's raw (collapsed) output: `frame;frame;... count` per line."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def shares(stacks: Counter[tuple[str, ...]]) -> list[LayerShare]:
    """Return each layer's share of the busy samples (idle loop left out), largest first."""
    per_layer: Counter[str] = Counter()
    for stack, count in stacks.items():
        if IDLE.match(stack[-1]):
            continue
        per_layer[attribute(list(stack))] += count
    total = sum(per_layer.values()) or 1
    return [LayerShare(layer, n, n / total) for layer, n in per_layer.most_common()]
