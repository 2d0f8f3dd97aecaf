"""The ceiling: a bare Starlette app doing the mock's in-memory work with no validation.

Run: .venv/bin/python benchmarks/baseline_app.py --port 3900 [--profile large | --contacts N]

Same seeded data (mockserver.state.State, same seed and profile), same store, query layer,
contact rules and rendering as the mock (mockserver.gomobile.*), so it answers the same bodies
for list, search, sort, get, create and upsert. What it leaves out is everything around that
work: no Connexion (no routing by spec, no request or response validation, no security
handler, no per-operation decorators; its handlers are plain async functions on the event
loop, as the mock's are), no journal, no fault injection, no CORS. Only these four routes,
with the key looked up in a dict. The gap between this app and the mock is the price of the
framework and validation; Python cannot go much faster than this on one core.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.gomobile import render
from mockserver.gomobile.contacts import Contacts
from mockserver.query import ListQuery
from mockserver.state import SeedSettings, State

_UNAUTHORIZED = b'{"statusCode":401,"message":"Missing or invalid API key","error":"Unauthorized"}'
_NOT_FOUND = b'{"statusCode":404,"message":"Contact not found","error":"Not Found"}'


def _json(body: Any, status: int = 200) -> Response:
    # The mock's jsonifier: the standard library's json, field order kept, no ASCII escaping.
    content = json.dumps(body, ensure_ascii=False).encode()
    return Response(content, status, media_type="application/json")


def create_app(state: State) -> Starlette:
    """Return the four-route app over `state`."""
    contacts = Contacts(state)
    callers = {
        key: state.caller(key) for org in state.fixtures.organizations for key in org.api_keys
    }

    async def list_contacts(request: Request) -> Response:
        caller = callers.get(request.headers.get("x-api-key", ""))
        if caller is None:
            return Response(_UNAUTHORIZED, 401, media_type="application/json")
        params = request.query_params
        query = ListQuery(
            page=int(params.get("page", 1)),
            limit=int(params.get("limit", 20)),
            search=params.get("search") or None,
            sort_by=params.get("sortBy", "createdAt"),
            descending=params.get("sortOrder", "desc") == "desc",
        )
        with state.lock:
            page = contacts.page(caller, query)
            body = {"data": [render.contact(r) for r in page.items], "meta": render.meta(page)}
        return _json(body)

    async def get_contact(request: Request) -> Response:
        caller = callers.get(request.headers.get("x-api-key", ""))
        if caller is None:
            return Response(_UNAUTHORIZED, 401, media_type="application/json")
        contact_id = request.path_params["id"].lower()
        with state.lock:
            record = state.gomobile.contacts.get(caller.organization_id, contact_id)
            if record is None:
                return Response(_NOT_FOUND, 404, media_type="application/json")
            body = render.contact_with_attributes(record, contacts.definitions(caller))
        return _json(body)

    async def create_contact(request: Request) -> Response:
        caller = callers.get(request.headers.get("x-api-key", ""))
        if caller is None:
            return Response(_UNAUTHORIZED, 401, media_type="application/json")
        payload = json.loads(await request.body())
        with state.lock:
            body = render.contact(contacts.create(caller, payload))
        return _json(body, 201)

    async def upsert_contacts(request: Request) -> Response:
        caller = callers.get(request.headers.get("x-api-key", ""))
        if caller is None:
            return Response(_UNAUTHORIZED, 401, media_type="application/json")
        payload = json.loads(await request.body())
        with state.lock:
            records, created = contacts.upsert(caller, payload["data"])
            data = [render.contact(r) for r in records]
        return _json({"created": created, "updated": len(records) - created, "data": data}, 201)

    return Starlette(
        routes=[
            Route("/api/contact", list_contacts, methods=["GET"]),
            Route("/api/contact", create_contact, methods=["POST"]),
            Route("/api/contact/upsert", upsert_contacts, methods=["POST"]),
            Route("/api/contact/{id}", get_contact, methods=["GET"]),
        ]
    )


def main() -> None:
    """Seed like `contactkit mock` and serve on loopback."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3900)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--contacts", type=int)
    parser.add_argument("--audiences", type=int)
    args = parser.parse_args()
    settings = SeedSettings(args.seed, args.profile, args.contacts, args.audiences)
    state = State(settings=settings)
    uvicorn.run(create_app(state), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
