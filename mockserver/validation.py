"""Request validation: Connexion's validators, made to report every violation at once.

Connexion validates against the spec but stops at the first violation and words it for
Python developers; the APIs we mock list every violated field (NestJS/class-validator style:
"firstName must be longer than or equal to 2 characters"). Connexion's JSON body validator
also answers 500 to a body that is not UTF-8 and accepts NaN, takes a chunked body (no
Content-Length) for a missing one, and validates a body sent without Content-Type as JSON
though the handler then receives raw bytes (a 500). These subclasses keep Connexion's schema
handling (nullable, readOnly, formats) and change only that, which no option of Connexion does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncGenerator, Iterable, Iterator
from typing import Any

from connexion.json_schema import Draft4RequestValidator
from connexion.lifecycle import ConnexionRequest
from connexion.utils import is_null, is_nullable
from connexion.validators import JSONRequestBodyValidator, ParameterValidator
from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Message, Receive, Scope

from mockserver import jsondoc
from mockserver.emails import is_email
from mockserver.errors import BadRequest, UnsupportedMediaType
from mockserver.parsed_query import SharedQueryRequest

_TEMPLATES = {
    "minLength": "{field} must be longer than or equal to {value} characters",
    "maxLength": "{field} must be shorter than or equal to {value} characters",
    "minimum": "{field} must not be less than {value}",
    "maximum": "{field} must not be greater than {value}",
    "minItems": "{field} must contain at least {value} elements",
    "maxItems": "{field} must contain no more than {value} elements",
    "uniqueItems": "All {field}'s elements must be unique",
    "pattern": "{field} must match {value} regular expression",
}
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer number",
    "number": "a number",
    "boolean": "a boolean value",
    "array": "an array",
    "object": "an object",
}
_FORMAT_WORDS = {"email": "an email", "uuid": "a UUID", "date-time": "a valid ISO 8601 date"}


def _field(path: Iterable[Any], root: str) -> str:
    return ".".join(str(part) for part in path) or root


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(name), str(name)) for name in names)


def describe(error: ValidationError, root: str = "body") -> str:
    """Word one JSON-schema violation as the vendor's APIs do, naming the field."""
    field = _field(error.absolute_path, root)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"{_field([*error.absolute_path, missing], root)} should not be empty"
    if kind == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "; ".join(
            f"property {_field([*error.absolute_path, x], root)} should not exist" for x in extras
        )
    if kind == "type":
        return f"{field} must be {_type_words(error.validator_value)}"
    if kind == "format":
        return f"{field} must be {_FORMAT_WORDS.get(str(error.validator_value), 'valid')}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        return f"{field} must be one of the following values: {allowed}"
    template = _TEMPLATES.get(str(kind))
    if template:
        return template.format(field=field, value=error.validator_value)
    return f"{field} is invalid: {error.message}"


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """Flatten oneOf/anyOf/allOf context so each message names a concrete field."""
    for error in errors:
        if error.context and error.validator in ("allOf",):
            yield from _leaf_errors(error.context)
        else:
            yield error


def violations(validator: Draft4Validator, instance: Any, root: str = "body") -> list[str]:
    """Return every violation of `instance`, worded, in document order, without repeats."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    messages = [describe(error, root) for error in _leaf_errors(errors)]
    return list(dict.fromkeys(part for m in messages for part in m.split("; ")))


def pattern_check(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    r"""Check `pattern` with JSON Schema's (ECMA-262) `$`: the very end of the string.

    Python's `$` also matches before a final newline, so `^...:(asc|desc)$` would let
    "name:asc\n" through: a trailing `$` is matched as `\Z` instead.
    """
    if not validator.is_type(instance, "string"):
        return
    anchored = (
        pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern
    )
    if not re.search(anchored, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _format_checker() -> FormatChecker:
    """Return Draft 4's format checks with `email` as the vendor means it (`mockserver.emails`)."""
    checker = FormatChecker(formats=())
    checker.checkers = dict(Draft4Validator.FORMAT_CHECKER.checkers)
    checker.checks("email")(is_email)
    return checker


FORMAT_CHECKER = _format_checker()
# Draft 4 (Connexion's validators), with the `pattern` above.
PatternDraft4Validator = validators.extend(Draft4Validator, {"pattern": pattern_check})
PatternDraft4RequestValidator = validators.extend(
    Draft4RequestValidator, {"pattern": pattern_check}
)


class StrictJSONBodyValidator(JSONRequestBodyValidator):
    """A JSON body validator that lists every violation and answers 400 to undecodable bodies."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Compiled once: Connexion's property builds a new validator on every request.
        self._compiled = PatternDraft4RequestValidator(self._schema, format_checker=FORMAT_CHECKER)

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """Read a chunked body whole: Connexion takes one without Content-Length for none."""
        headers = Headers(scope=scope)
        if "content-length" in headers or "transfer-encoding" not in headers:
            return await super().wrap_receive(receive, scope=scope)
        body, more = bytearray(), True
        while more:  # The request guard's receive raises PayloadTooLarge past the limit.
            message = await receive()
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
        scope = {**scope, "headers": list(scope["headers"])}
        fixed = MutableHeaders(scope=scope)
        del fixed["transfer-encoding"]
        fixed["content-length"] = str(len(body))
        replayed: list[Message] = [
            {"type": "http.request", "body": bytes(body), "more_body": False}
        ]

        async def replay() -> Message:
            return replayed.pop() if replayed else await receive()

        return await super().wrap_receive(replay, scope=scope)

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        raw = b"".join([message async for message in stream])
        if not raw.strip():
            return None
        if "content-type" not in Headers(scope=scope):
            raise UnsupportedMediaType("Send the request body with Content-Type: application/json")
        # The one guard of JSON bodies: nothing undecodable, too deep or unencodable (a lone
        # surrogate) reaches a handler, which would store it and fail every later request.
        return jsondoc.decode(raw)

    def _validate(self, body: Any) -> dict | None:
        if body is None:
            raise BadRequest("Request body must not be empty")
        messages = violations(self._compiled, body)
        if messages:
            raise BadRequest(messages)
        return None


class CompiledParameter:
    """A parameter's compiled schema validator, with the verdicts on its scalar values kept.

    A scalar value gets the same verdict every time, and clients send the same few (page=1,
    limit=20) on most requests: the JSON Schema check was a tenth of a list request's CPU.
    """

    def __init__(self, validator: Draft4Validator, name: str) -> None:
        self.validator, self.name = validator, name
        # Keyed by the value's type too (1, 1.0 and True are equal keys); bounded, so that odd
        # values cannot grow it.
        self.scalar_violations = functools.lru_cache(maxsize=1024)(self._scalar_violations)

    def _scalar_violations(self, kind: str, value: str | int | float) -> tuple[str, ...]:
        return tuple(self.violations(value))

    def violations(self, value: Any) -> list[str]:
        """Return every violation of `value`, each naming the parameter."""
        return violations(self.validator, {self.name: value}, root=self.name)


class AllParametersValidator(ParameterValidator):
    """A parameter validator that reports every invalid parameter, each by name.

    Built once per operation (mockserver/validating.py): each parameter's schema validator
    is compiled once, and locations without parameters are not read at all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Connexion appends the path-level parameters to the operation's own list each time
        # it builds the operation (once per middleware): check each parameter once.
        self._checked = {
            where: {param["name"]: (param, self._compile(where, param)) for param in params}
            for where in ("path", "query", "header", "cookie")
            if (params := self.parameters.get(where))
        }

    @staticmethod
    def _compile(where: str, param: dict) -> CompiledParameter:
        schema = param.get("schema", param)
        if where == "path" and schema.get("format") == "uuid":
            validator = Draft4Validator(schema, format_checker=FORMAT_CHECKER)
            return CompiledParameter(validator, param["name"])
        # Validated as a property, so that a violation inside an array names the parameter
        # too ("_id.0 must match ...", not "0 must match ...").
        properties = {"properties": {param["name"]: schema}}
        validator = PatternDraft4Validator(properties, format_checker=FORMAT_CHECKER)
        return CompiledParameter(validator, param["name"])

    @staticmethod
    def _check(where: str, param: dict, compiled: CompiledParameter, value: Any) -> list[str]:
        if value is None:
            return [f"{param['name']} should not be empty"] if param.get("required") else []
        if is_nullable(param) and is_null(value):
            return []
        if where == "path" and param.get("schema", param).get("format") == "uuid":
            if compiled.validator.is_valid(value):
                return []
            return ["Validation failed (uuid is expected)"]
        if isinstance(value, str | int | float):
            return list(compiled.scalar_violations(type(value).__name__, value))
        return compiled.violations(value)

    def _values(self, where: str, request: ConnexionRequest) -> dict[str, Any]:
        if where == "query":
            return dict(request.query_params)
        if where == "path":
            return {k.replace("_", "-"): v for k, v in request.path_params.items()} | dict(
                request.path_params
            )
        return dict(request.headers) if where == "header" else dict(request.cookies)

    def validate(self, scope: Scope) -> None:
        """Validate the request's parameters, keeping its parsed query for the handler."""
        self.validate_request(SharedQueryRequest(scope, uri_parser=self.uri_parser))

    def validate_request(self, request: ConnexionRequest) -> None:
        """Validate every parameter and raise one BadRequest listing all violations."""
        messages: list[str] = []
        for where, checked in self._checked.items():
            values = self._values(where, request)
            for name, (param, compiled) in checked.items():
                messages += self._check(where, param, compiled, values.get(name))
        if messages:
            raise BadRequest(messages)
