"""Connexion's AsyncApp, with each operation's decorators built once instead of per request.

In Connexion 3.3 `AsyncOperation.fn` is a property: every request builds a StarletteDecorator,
decorates the handler (parameter injection, response building) and inspects its signature
again, about a sixth of a request's CPU in our profile (docs/performance.md). The decorated
function reads the request from Connexion's context when it is called, never from the
decoration, so building it once per operation serves every request the same.
The pin on connexion==3.3.0 (pyproject.toml) keeps this subclass and the class it adapts in step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.decorators import StarletteDecorator
from connexion.operations import AbstractOperation


class _Operation(AsyncOperation):
    """An operation whose decorated handler is built on first use and kept."""

    @functools.cached_property
    def fn(self) -> Callable[..., Any]:
        """Return the handler wrapped in Connexion's parameter and response decorators."""
        decorate = StarletteDecorator(
            pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )
        return decorate(self._fn)


class _Api(AsyncApi):
    """An API whose operations keep their decorated handlers."""

    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        """Return the operation's ASGI endpoint (its decorators built once)."""
        return _Operation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


class MockApp(AsyncApp):
    """AsyncApp whose APIs build each operation's decorators once."""

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        super().__init__(import_name, **kwargs)
        # Read by add_api only, and no API is added yet.
        self._middleware_app.api_cls = _Api
