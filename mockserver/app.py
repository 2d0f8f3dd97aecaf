"""The mock as an ASGI app: Connexion routes and validates, our handlers answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from connexion.datastructures import MediaTypeDict
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from connexion.validators import VALIDATOR_MAP
from starlette.requests import Request
from starlette.responses import Response

from contactkit.resources import spec_file
from mockserver.admin import AdminHandlers
from mockserver.apis import APIS, GOMOBILE, Api
from mockserver.auth import key_security_handler
from mockserver.connexion_app import MockApp
from mockserver.edge import DEFAULT_BODY_TIMEOUT, CORSOutsideAdmin, EdgeGuard
from mockserver.errors_http import HANDLED_ERRORS, error_handler
from mockserver.inline import on_loop
from mockserver.jsonify import FastJsonifier
from mockserver.middleware import AdminGuard, FaultInjector, JournalRecorder, RequestGuard
from mockserver.parsed_query import ExplodedQueryParser
from mockserver.routes import RouteTable
from mockserver.sandbox_http import SandboxAdminHandlers, SandboxSelector
from mockserver.sandboxes import DEFAULT_MAX, DEFAULT_TTL, Operations, Sandboxes
from mockserver.state import State
from mockserver.validation import AllParametersValidator, StrictJSONBodyValidator

ADMIN_BASE = "/__admin"


MAX_BODY_BYTES = 1024 * 1024
# PUT /__admin/state takes the mock's own export: 100,000 contacts are about 90 MB.
MAX_IMPORT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class AppOptions:
    """How the app behaves beyond its data."""

    validate_responses: bool = False
    cors: bool = True
    admin_token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    max_import_bytes: int = MAX_IMPORT_BYTES
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    state_file: str | None = None
    max_sandboxes: int = DEFAULT_MAX
    sandbox_ttl: float = DEFAULT_TTL


def _load(name: str) -> dict[str, Any]:
    with spec_file(name).open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _docs_options() -> SwaggerUIOptions:
    """Return the Swagger UI options of every API: one page at /docs listing every document.

    Connexion mounts each API's Swagger UI and spec at the API's base path, and only the first
    mount at a base path is reachable. Our APIs all live at the root (their paths carry their
    prefixes), and which of them Connexion mounts first is not the order they were added in
    (its sort of equal base paths puts the last added first). So every API gets the same page,
    whose default document is Gomobile's, and none serves its document through Connexion:
    `_serve_document` serves each at its `spec_url`.
    """
    return SwaggerUIOptions(
        swagger_ui_path="/docs",
        spec_path=GOMOBILE.spec_url,
        serve_spec=False,
        swagger_ui_template_arguments={
            "urls": [{"url": api.spec_url, "name": api.name} for api in APIS]
        },
    )


def _serve_document(app: MockApp, api: Api, spec: dict[str, Any]) -> None:
    """Serve `spec` as JSON at `api.spec_url`, for the /docs page's document picker."""
    # Not through Connexion (see _docs_options). The server is this mock, whatever its port, as
    # Connexion does for the documents it serves.
    document = json.dumps({**spec, "servers": [{"url": "/"}]}, ensure_ascii=False)

    def serve(request: Request) -> Response:
        return Response(document, media_type="application/json")

    app.add_url_rule(api.spec_url, endpoint=f"{api.name}-document", view_func=serve)


def _validators() -> dict[str, Any]:
    body = MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": StrictJSONBodyValidator})
    return {**VALIDATOR_MAP, "parameter": AllParametersValidator, "body": body}


def create_app(state: State, options: AppOptions | None = None) -> MockApp:
    """Build the mock serving every hosted API, their docs and the admin API over `state`."""
    options = options or AppOptions()
    book = Sandboxes(state, options.max_sandboxes, options.sandbox_ttl)
    book.serve_with(_operations_maker(book, state, options))
    # Each operation's handler is that of the request's sandbox (the default's without one).
    handlers = Resolver(function_resolver=lambda operation: on_loop(book.handler(operation)))
    routes = RouteTable()
    app = MockApp(
        __name__,
        # The default, for the admin API: its token is optional to Connexion (`security: [{}]`)
        # and checked by AdminGuard; each vendor API gets its own key handler below.
        security_map={"apiKey": key_security_handler(state, GOMOBILE.name)},
        validator_map=_validators(),
        uri_parser_class=ExplodedQueryParser,
        validate_responses=options.validate_responses,
        jsonifier=FastJsonifier(),
    )
    for api in APIS:
        spec = _load(api.spec)
        app.add_api(
            spec,
            name=api.name,
            resolver=handlers,
            security_map={"apiKey": key_security_handler(state, api.name)},
            swagger_ui_options=_docs_options(),
        )
        routes.add_spec(spec)
        _serve_document(app, api, spec)
    admin = _load("mock-admin.yaml")
    app.add_api(
        admin,
        name="admin",
        base_path=ADMIN_BASE,
        resolver=handlers,
        swagger_ui_options=SwaggerUIOptions(swagger_ui=False),
    )
    routes.add_spec(admin, ADMIN_BASE)
    # Connexion runs a plain-function error handler in the thread pool too (see inline.py).
    handle_error = on_loop(error_handler(routes))
    for error_class in HANDLED_ERRORS:
        app.add_error_handler(error_class, handle_error)
    _add_middleware(app, book, options, routes)
    app.walk_docs_router_for_docs_only()
    return app


def _operations_maker(
    book: Sandboxes, default: State, options: AppOptions
) -> Callable[[State], Operations]:
    """Return what makes the handlers of every operation over one state (a sandbox's)."""
    sandbox_admin = SandboxAdminHandlers(book).operations()

    def make(state: State) -> Operations:
        operations: Operations = {}
        for api in APIS:
            operations.update(api.handler_class()(state).operations())
        api_operations = frozenset(operations)
        # Only the default data is the one the --state file holds.
        state_file = options.state_file if state is default else None
        operations.update(AdminHandlers(state, state_file, api_operations).operations())
        operations.update(sandbox_admin)
        return operations

    return make


def _add_middleware(app: MockApp, book: Sandboxes, options: AppOptions, routes: RouteTable) -> None:
    app.add_middleware(
        EdgeGuard, position=MiddlewarePosition.BEFORE_SWAGGER, body_timeout=options.body_timeout
    )
    # Inside the error handler (a bad name answers in the API's format), outside the rest.
    app.add_middleware(
        SandboxSelector,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        book=book,
        skip=f"{ADMIN_BASE}/sandboxes",
    )
    before_security = MiddlewarePosition.BEFORE_SECURITY
    app.add_middleware(FaultInjector, position=before_security, book=book)
    app.add_middleware(
        RequestGuard,
        position=before_security,
        limit=options.max_body_bytes,
        routes=routes,
        large={f"{ADMIN_BASE}/state": options.max_import_bytes},
    )
    app.add_middleware(
        AdminGuard, position=before_security, prefix=ADMIN_BASE, token=options.admin_token
    )
    # Outside the exception middleware, so that the journal sees every final status.
    app.add_middleware(JournalRecorder, position=MiddlewarePosition.BEFORE_EXCEPTION, book=book)
    if options.cors:
        app.add_middleware(
            CORSOutsideAdmin,
            position=MiddlewarePosition.BEFORE_EXCEPTION,
            admin_prefix=ADMIN_BASE,
            allow_origins=["*"],
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["*"],
        )
