"""The paths and methods an OpenAPI document declares, to answer 405 with a full Allow header.

Connexion registers one route per operation, so its 405 names only one allowed method.
"""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class RouteTable:
    """Path templates with their methods, from one or more specs and their base paths."""

    def __init__(self) -> None:
        self._routes: list[tuple[re.Pattern[str], frozenset[str]]] = []
        self._concrete: dict[str, frozenset[str]] = {}

    def add_spec(self, spec: dict[str, Any], base_path: str = "") -> None:
        """Add every path of `spec`, served under `base_path`."""
        for template, item in spec.get("paths", {}).items():
            pattern = re.escape(base_path + template)
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", pattern)
            methods = frozenset(m.upper() for m in item if m in _METHODS)
            if "{" in template:
                self._routes.append((re.compile(pattern + r"\Z"), methods))
            else:
                self._concrete[base_path + template] = methods

    def allowed_methods(self, path: str) -> list[str]:
        """Return the methods the spec allows on `path` ([] for an unknown path).

        As OpenAPI says, a concrete path (/api/contact/upsert) wins over a template that also
        matches it (/api/contact/{id}).
        """
        if path in self._concrete:
            return sorted(self._concrete[path])
        found: set[str] = set()
        for pattern, methods in self._routes:
            if pattern.match(path):
                found |= methods
        return sorted(found)
