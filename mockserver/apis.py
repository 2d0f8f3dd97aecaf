"""The vendor APIs the mock hosts, and what each needs besides its spec and its handlers.

Adding an API is a spec in openapi/, its organizations in fixtures/, a dataset (tables over
`store.Table`), thin handlers over `query.run`, and one `Api` entry here: the one place an API
is registered (see ARCHITECTURE.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from mockserver.clientcontacts.data import ClientContactsData
from mockserver.clientcontacts.render import error_body as envelope_error_body
from mockserver.dataset import Dataset
from mockserver.gomobile.data import GomobileData
from mockserver.gomobile.render import error_body as nest_error_body
from mockserver.store import Backend

if TYPE_CHECKING:
    from mockserver.state import State

ErrorBody = Callable[[int, str | list[str]], dict[str, Any]]


class Handlers(Protocol):
    """An API's handlers: one callable per operationId of its spec."""

    def __init__(self, state: State) -> None: ...

    def operations(self) -> dict[str, Callable[..., Any]]:
        """Return the handler of each operationId."""
        ...


@dataclass(frozen=True)
class Api:
    """One hosted API: its name (the fixtures' `api:`), document, paths, key header, errors."""

    name: str
    spec: str  # its OpenAPI document in openapi/
    prefix: str  # every path of the API starts with it: errors on unknown paths use its format
    key_header: str  # the header its apiKey security scheme reads
    spec_url: str  # where the mock serves the document as JSON (listed on the /docs page)
    dataset: Callable[[Backend], Dataset]
    error_body: ErrorBody
    # "module:Class" of its handlers, imported by the app only: they import the state, which
    # imports this registry.
    handlers: str

    def handler_class(self) -> type[Handlers]:
        """Import and return the API's handler class."""
        module, _, name = self.handlers.partition(":")
        found: type[Handlers] = getattr(importlib.import_module(module), name)
        return found


GOMOBILE = Api(
    name="gomobile",
    spec="gomobile.yaml",
    prefix="/api/",
    key_header="x-api-key",
    spec_url="/openapi.json",
    dataset=GomobileData,
    error_body=nest_error_body,
    handlers="mockserver.gomobile.handlers:GomobileHandlers",
)
CLIENT_CONTACTS = Api(
    name="client-contacts",
    spec="client-contacts.yaml",
    prefix="/client-contacts",
    key_header="api-key",
    spec_url="/openapi/client-contacts.json",
    dataset=ClientContactsData,
    error_body=envelope_error_body,
    handlers="mockserver.clientcontacts.handlers:ClientContactHandlers",
)
APIS: tuple[Api, ...] = (GOMOBILE, CLIENT_CONTACTS)


def api_for_path(path: str) -> Api:
    """Return the API a path belongs to (Gomobile for the admin API and unknown paths)."""
    return next((api for api in APIS if _under(path, api.prefix)), GOMOBILE)


def _under(path: str, prefix: str) -> bool:
    """Return whether `path` is `prefix` or below it (/client-contactsx is not)."""
    base = prefix.rstrip("/")
    return path == base or path.startswith(f"{base}/")
