"""The mock as an ASGI app: Connexion routes and validates, our handlers answer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml
from connexion import FlaskApp
from connexion.datastructures import MediaTypeDict
from connexion.jsonifier import Jsonifier
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from connexion.validators import VALIDATOR_MAP
from starlette.middleware.cors import CORSMiddleware

from contactkit.resources import spec_file
from mockserver.admin import AdminHandlers
from mockserver.auth import key_security_handler
from mockserver.errors_http import HANDLED_ERRORS, error_handler
from mockserver.gomobile.handlers import GomobileHandlers
from mockserver.middleware import AdminGuard, FaultInjector, JournalRecorder, RequestGuard
from mockserver.routes import RouteTable
from mockserver.state import State
from mockserver.validation import AllParametersValidator, StrictJSONBodyValidator

ADMIN_BASE = "/__admin"
MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class AppOptions:
    """How the app behaves beyond its data."""

    validate_responses: bool = False
    cors: bool = True
    admin_token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    state_file: str | None = None


def _load(name: str) -> dict[str, Any]:
    with spec_file(name).open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _validators() -> dict[str, Any]:
    body = MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": StrictJSONBodyValidator})
    return {**VALIDATOR_MAP, "parameter": AllParametersValidator, "body": body}


def create_app(state: State, options: AppOptions | None = None) -> FlaskApp:
    """Build the mock serving the Gomobile API, its docs and the admin API over `state`."""
    options = options or AppOptions()
    routes = RouteTable()
    app = FlaskApp(
        __name__,
        security_map={"apiKey": key_security_handler(state)},
        validator_map=_validators(),
        validate_responses=options.validate_responses,
        # The standard library's json keeps the documents' field order (Flask's sorts keys).
        jsonifier=Jsonifier(json, ensure_ascii=False),
    )
    gomobile, admin = _load("gomobile.yaml"), _load("mock-admin.yaml")
    handlers = GomobileHandlers(state).operations()
    app.add_api(
        gomobile,
        name="gomobile",
        resolver=Resolver(function_resolver=handlers.__getitem__),
        swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/docs"),
    )
    routes.add_spec(gomobile)
    admin_handlers = AdminHandlers(state, options.state_file, frozenset(handlers)).operations()
    app.add_api(
        admin,
        name="admin",
        base_path=ADMIN_BASE,
        resolver=Resolver(function_resolver=admin_handlers.__getitem__),
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False),
    )
    routes.add_spec(admin, ADMIN_BASE)
    handle_error = error_handler(routes)
    for error_class in HANDLED_ERRORS:
        app.add_error_handler(error_class, handle_error)
    _add_middleware(app, state, options, routes)
    return app


def _add_middleware(app: FlaskApp, state: State, options: AppOptions, routes: RouteTable) -> None:
    before_security = MiddlewarePosition.BEFORE_SECURITY
    app.add_middleware(FaultInjector, position=before_security, state=state)
    app.add_middleware(
        RequestGuard, position=before_security, limit=options.max_body_bytes, routes=routes
    )
    app.add_middleware(
        AdminGuard, position=before_security, prefix=ADMIN_BASE, token=options.admin_token
    )
    # Outside the exception middleware, so that the journal sees every final status.
    app.add_middleware(JournalRecorder, position=MiddlewarePosition.BEFORE_EXCEPTION, state=state)
    if options.cors:
        app.add_middleware(
            CORSMiddleware,
            position=MiddlewarePosition.BEFORE_EXCEPTION,
            allow_origins=["*"],
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["*"],
        )
