"""Connexion's AsyncApp, with each operation's decorators built once instead of per request.

In Connexion 3.3 `AsyncOperation.fn` is a property, and the StarletteDecorator it returns
decorates the handler again inside every call: each request builds the parameter and response
decorators, inspects the handler's signature and builds a URI parser from the operation's
parameters, about a sixth of a request's CPU in our profile (docs/performance.md). None of
that depends on the request: the decorated function reads the request it is given, and the
parser depends on the operation only, which is this endpoint's. So both are built on the
first request (the parser needs Connexion's operation context, set only during a request)
and kept. The pin on connexion==3.3.0 (pyproject.toml) keeps this subclass and the class it
adapts in step.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncOperation
from connexion.context import operation
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import AsyncParameterDecorator
from connexion.decorators.response import AsyncResponseDecorator
from connexion.lifecycle import ConnexionRequest
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.operations import AbstractOperation, Swagger2Operation
from connexion.uri_parsing import AbstractURIParser
from starlette.types import Receive, Scope, Send

from mockserver.docs_routing import DocsOnlySwaggerUI
from mockserver.parsed_query import SharedQueryRequest
from mockserver.validating import KeptValidatorsMiddleware


class _ParameterDecorator(AsyncParameterDecorator):
    """Connexion's parameter injection, its parameter-name sanitizer memoized.

    The sanitizer runs three regular expressions per parameter name per request (about 27 for
    a list); names come from the spec, and the bound keeps hostile query keys from growing it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        sanitize: Callable[[str], str] = self.sanitize_fn  # type: ignore[has-type]
        self.sanitize_fn = functools.lru_cache(maxsize=1024)(sanitize)

    def _maybe_get_body(
        self, request: ConnexionRequest, *, arguments: list[str], has_kwargs: bool
    ) -> Any:
        """Return the body the handler takes; skip the content-type parse when it takes none.

        An OpenAPI 3 handler without a body argument (and no **kwargs) gets no body whatever
        the content type: Connexion still parsed the Content-Type header to decide so.
        """
        if has_kwargs or isinstance(operation, Swagger2Operation):
            return super()._maybe_get_body(request, arguments=arguments, has_kwargs=has_kwargs)
        # An OpenAPI 3 operation's body name does not depend on the content type.
        if self.sanitize_fn(operation.body_name(None)) in arguments:
            return super()._maybe_get_body(request, arguments=arguments, has_kwargs=has_kwargs)
        return None


class _ResponseDecorator(AsyncResponseDecorator):
    """Connexion's response decorator, the content type of a JSON answer found once."""

    _json_type: str | None = None

    def _infer_content_type(self, data: Any, headers: dict[str, Any]) -> str | None:
        # With no headers from the handler, a dict or list answer gets a content type that
        # depends on the operation alone; Connexion's lookup builds a typing alias per call.
        if headers or not isinstance(data, dict | list):
            return super()._infer_content_type(data, headers)
        if self._json_type is None:
            self._json_type = super()._infer_content_type(data, headers)
        return self._json_type


class _Decorator(StarletteDecorator):
    @property
    def _parameter_decorator_cls(self) -> type[AsyncParameterDecorator]:
        return _ParameterDecorator

    @property
    def _response_decorator_cls(self) -> type[AsyncResponseDecorator]:
        return _ResponseDecorator


class _Operation(AsyncOperation):
    """An operation whose decorated handler and URI parser are built on first use and kept."""

    _decorated: Callable[[ConnexionRequest], Awaitable[Any]] | None = None
    _uri_parser: AbstractURIParser | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request with the kept decorated handler."""
        if self._decorated is None:
            decorator = _Decorator(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)
            self._uri_parser = decorator.uri_parser
            self._decorated = decorator.decorate(self._fn)
        request = SharedQueryRequest(scope, receive, uri_parser=self._uri_parser)
        response = await self._decorated(request)
        await response(scope, receive, send)


class _Api(AsyncApi):
    """An API whose operations keep their decorated handlers."""

    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        """Return the operation's ASGI endpoint (its decorators built once)."""
        return _Operation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


class MockApp(AsyncApp):
    """AsyncApp whose APIs build each operation's decorators and validators once."""

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        middlewares = [
            KeptValidatorsMiddleware if m is RequestValidationMiddleware else m
            for m in ConnexionMiddleware.default_middlewares
        ]
        super().__init__(import_name, middlewares=middlewares, **kwargs)

    def walk_docs_router_for_docs_only(self) -> None:
        """Swap in the Swagger UI middleware that only docs requests walk (docs_routing.py).

        Called once every middleware is added: Connexion finds a middleware's position by the
        class at it, and ours `BEFORE_SWAGGER` is found by SwaggerUIMiddleware.
        """
        stack = self.middleware.middlewares
        stack[stack.index(SwaggerUIMiddleware)] = DocsOnlySwaggerUI
        # Read by add_api only, and no API is added yet.
        self._middleware_app.api_cls = _Api
