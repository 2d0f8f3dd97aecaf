"""Connexion's request validation middleware, with each operation's validators built once.

Connexion 3.3 builds, on every request, a URI parser and a parameter validator for the
operation, and a body validator (two more URI parsers) when it has a body: about a tenth of a
request's CPU in our profile (docs/performance.md), for objects that depend on the operation
alone (and the body validator on the request's media type and charset too). They hold no
request state, so this operation keeps them. Everything else, in particular the order of
checks and the errors they raise, is Connexion's own code, called as it is.
"""

from __future__ import annotations

from typing import Any

from connexion import utils
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.operations import AbstractOperation
from starlette.types import Receive, Scope, Send


class _Operation(RequestValidationOperation):
    """Validates requests of one operation with validators built on first use and kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parameters: Any = None
        self._bodies: dict[tuple[str, str], Any] = {}
        self._default_type: tuple[str, str] | None = None

    def _parameter_validator(self) -> Any:
        if self._parameters is None:
            self._parameters = self._validator_map["parameter"](
                self._operation.parameters,
                uri_parser=self._uri_parser(),
                strict_validation=self.strict_validation,
                security_query_params=self.security_query_params,
            )
        return self._parameters

    def _uri_parser(self) -> Any:
        return self._operation._uri_parser_class(
            self._operation.parameters, self._operation.body_definition()
        )

    def _body_validator(self, mime_type: str, encoding: str, schema: dict) -> Any:
        """Return the body validator for this media type and charset (None: not validated)."""
        key = (mime_type, encoding)
        if key not in self._bodies:
            try:  # a MediaTypeDict: its lookup matches media ranges, its get() does not
                validator_class = self._validator_map["body"][mime_type]
            except KeyError:
                self._bodies[key] = None
                return None
            self._bodies[key] = validator_class(
                schema=schema,
                required=self._operation.request_body.get("required", False),
                nullable=utils.is_nullable(self._operation.body_definition(mime_type)),
                encoding=encoding,
                strict_validation=self.strict_validation,
                uri_parser=self._uri_parser(),
            )
        return self._bodies[key]

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        """Return the request's media type and charset (the operation's default without one).

        Connexion's lookup builds a typing alias on every call, 2% of a GET's CPU; without a
        Content-Type header its answer depends on the operation alone, so it is kept.
        """
        if any(name.lower() == b"content-type" for name, _ in headers):
            return super().extract_content_type(headers)
        if self._default_type is None:
            self._default_type = super().extract_content_type([])
        return self._default_type

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Validate the parameters, the media type and the body, as Connexion does."""
        self._parameter_validator().validate(scope)
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        schema = self._operation.body_schema(mime_type)
        validator = self._body_validator(mime_type, encoding, schema) if schema else None
        if validator is not None:
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


class _Api(RequestValidationAPI):
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        """Return the operation's validating endpoint."""
        return _Operation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class KeptValidatorsMiddleware(RequestValidationMiddleware):
    """Connexion's RequestValidationMiddleware, its validators built once per operation."""

    api_cls = _Api
