"""The query string, parsed once per distinct query of an operation, not once per reader.

Connexion parses the query string with the operation's URI parser twice per request: in the
parameter validator and again for the handler's arguments, each through its own
ConnexionRequest. Both use parsers of one class over one operation's parameters, so the
result is the same; the first parse is kept in the scope's extensions (a dict Connexion's
middlewares share while copying the scope) and the second reader takes it.

The parse depends on the query string and the operation alone, and clients repeat the same
queries (page after page of one list, the same filters), so each parser also keeps its
recent parses: parsing was about 6% of a list request's CPU.
"""

from __future__ import annotations

import functools
from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.uri_parsing import OpenAPIURIParser
from starlette.datastructures import QueryParams

KEY = "contactkit.query"


class ExplodedQueryParser(OpenAPIURIParser):
    """Connexion's URI parser, but a repeated (form, explode) query parameter is one value per
    repetition: Connexion joins the repetitions with commas and splits them again, so
    `?name=Smith, John` became ["Smith", " John"]. It keeps its recent parses.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Bounded: distinct search terms or hostile queries cannot grow it.
        self._parsed = functools.lru_cache(maxsize=256)(self._parse)

    def parse(self, query_string: bytes) -> dict[str, Any]:
        """Return the operation's parameters in `query_string`, resolved (a fresh dict)."""
        fresh: dict[str, Any] = _fresh(self._parsed(query_string))
        return fresh

    def _parse(self, query_string: bytes) -> dict[str, Any]:
        args = QueryParams(query_string)
        resolved: dict[str, Any] = self.resolve_query({k: args.getlist(k) for k in args})
        return resolved

    @staticmethod
    def _resolve_param_duplicates(values: Any, param_defn: dict[str, Any], _in: str) -> Any:
        style = param_defn.get("style", OpenAPIURIParser.style_defaults[_in])
        if _in == "query" and style == "form" and param_defn.get("explode", True):
            return list(values)
        return OpenAPIURIParser._resolve_param_duplicates(values, param_defn, _in)

    @staticmethod
    def _split(value: Any, param_defn: dict[str, Any], _in: str) -> Any:
        if isinstance(value, list):
            return value
        return OpenAPIURIParser._split(value, param_defn, _in)


def _fresh(value: Any) -> Any:
    """Return a copy of a parsed value's lists and dicts (a reader may change its own)."""
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    return value


class SharedQueryRequest(ConnexionRequest):
    """A ConnexionRequest that shares its parsed query with later ones of the same request."""

    @property
    def query_params(self) -> Any:
        """Return the parsed query, parsing it only if no earlier reader did."""
        extensions = self.scope.setdefault("extensions", {})
        if KEY not in extensions:
            parser = self.uri_parser
            if isinstance(parser, ExplodedQueryParser):
                extensions[KEY] = parser.parse(self.scope.get("query_string", b""))
            else:
                extensions[KEY] = super().query_params
        return extensions[KEY]
