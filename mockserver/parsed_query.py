"""A Connexion request whose parsed query is parsed once per request, not once per reader.

Connexion parses the query string with the operation's URI parser twice per request: in the
parameter validator and again for the handler's arguments, each through its own
ConnexionRequest. Both use parsers of one class over one operation's parameters, so the
result is the same; the first parse is kept in the scope's extensions (a dict Connexion's
middlewares share while copying the scope) and the second reader takes it.
"""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionRequest

KEY = "contactkit.query"


class SharedQueryRequest(ConnexionRequest):
    """A ConnexionRequest that shares its parsed query with later ones of the same request."""

    @property
    def query_params(self) -> Any:
        """Return the parsed query, parsing it only if no earlier reader did."""
        extensions = self.scope.setdefault("extensions", {})
        if KEY not in extensions:
            extensions[KEY] = super().query_params
        return extensions[KEY]
